"""Word lists the rules rely on: speech cues, titles, anonymous sources, outlets, given names."""


def _forms(*verbs: str) -> dict[str, str]:
    """Map every inflection of each 'base|3sg|past|ing[|participle]' verb to its past form (the cue's name)."""
    table = {}
    for verb in verbs:
        forms = verb.split("|")
        for form in forms:
            table[form] = forms[2]
    return table


SPEECH_VERBS = _forms(
    "say|says|said|saying", "tell|tells|told|telling", "add|adds|added|adding",
    "continue|continues|continued|continuing", "stress|stresses|stressed|stressing",
    "explain|explains|explained|explaining", "note|notes|noted|noting", "write|writes|wrote|writing",
    "argue|argues|argued|arguing", "ask|asks|asked|asking", "answer|answers|answered|answering",
    "reply|replies|replied|replying", "respond|responds|responded|responding",
    "insist|insists|insisted|insisting", "claim|claims|claimed|claiming", "declare|declares|declared|declaring",
    "announce|announces|announced|announcing", "warn|warns|warned|warning", "tweet|tweets|tweeted|tweeting",
    "post|posts|posted|posting", "acknowledge|acknowledges|acknowledged|acknowledging",
    "admit|admits|admitted|admitting", "recall|recalls|recalled|recalling",
    "emphasize|emphasizes|emphasized|emphasizing", "emphasise|emphasises|emphasised|emphasising",
    "remark|remarks|remarked|remarking", "observe|observes|observed|observing",
    "suggest|suggests|suggested|suggesting", "state|states|stated|stating", "testify|testifies|testified|testifying",
    "complain|complains|complained|complaining", "joke|jokes|joked|joking", "concede|concedes|conceded|conceding",
    "predict|predicts|predicted|predicting", "promise|promises|promised|promising", "vow|vows|vowed|vowing",
    "call|calls|called|calling", "describe|describes|described|describing", "report|reports|reported|reporting",
    "confirm|confirms|confirmed|confirming", "deny|denies|denied|denying", "shout|shouts|shouted|shouting",
    "write|writes|wrote|written", "contend|contends|contended|contending", "assert|asserts|asserted|asserting",
    "maintain|maintains|maintained|maintaining", "boast|boasts|boasted|boasting", "quip|quips|quipped|quipping",
    "mutter|mutters|muttered|muttering", "scoff|scoffs|scoffed|scoffing", "urge|urges|urged|urging",
    "pledge|pledges|pledged|pledging", "exclaim|exclaims|exclaimed|exclaiming", "agree|agrees|agreed|agreeing",
    "counter|counters|countered|countering", "lament|laments|lamented|lamenting", "charge|charges|charged|charging",
    "allege|alleges|alleged|alleging", "brag|brags|bragged|bragging", "caution|cautions|cautioned|cautioning",
    "reiterate|reiterates|reiterated|reiterating", "point|points|pointed|pointing",
    "accuse|accuses|accused|accusing", "respond|responds|responded|responding",
)  # fmt: skip
# Verbs that report what someone said, wrote, showed, thought or wanted without quoting it (reported
# speech): the speech verbs, plus verbs of communication, evidence, belief, intention and stance.
# "The poll shows that ...", "Trump urged supporters to ...", "she believes the plan ...".
REPORTING_VERBS = SPEECH_VERBS | _forms(
    "show|shows|showed|showing|shown", "indicate|indicates|indicated|indicating", "find|finds|found|finding",
    "reveal|reveals|revealed|revealing", "believe|believes|believed|believing", "think|thinks|thought|thinking",
    "know|knows|knew|knowing|known", "expect|expects|expected|expecting", "hope|hopes|hoped|hoping",
    "want|wants|wanted|wanting", "plan|plans|planned|planning", "propose|proposes|proposed|proposing",
    "demand|demands|demanded|demanding", "request|requests|requested|requesting",
    "encourage|encourages|encouraged|encouraging", "criticize|criticizes|criticized|criticizing",
    "criticise|criticises|criticised|criticising", "attack|attacks|attacked|attacking",
    "blame|blames|blamed|blaming", "mention|mentions|mentioned|mentioning",
    "discuss|discusses|discussed|discussing", "question|questions|questioned|questioning",
    "doubt|doubts|doubted|doubting", "defend|defends|defended|defending", "endorse|endorses|endorsed|endorsing",
    "support|supports|supported|supporting", "oppose|opposes|opposed|opposing", "reject|rejects|rejected|rejecting",
    "dismiss|dismisses|dismissed|dismissing", "recognize|recognizes|recognized|recognizing",
    "conclude|concludes|concluded|concluding", "determine|determines|determined|determining",
    "rule|rules|ruled|ruling", "estimate|estimates|estimated|estimating", "forecast|forecasts|forecast|forecasting",
    "signal|signals|signaled|signaling|signalled", "hint|hints|hinted|hinting", "imply|implies|implied|implying",
    "repeat|repeats|repeated|repeating", "threaten|threatens|threatened|threatening",
    "disclose|discloses|disclosed|disclosing", "cite|cites|cited|citing", "refer|refers|referred|referring",
    "characterize|characterizes|characterized|characterizing", "portray|portrays|portrayed|portraying",
    "fear|fears|feared|fearing", "worry|worries|worried|worrying", "wonder|wonders|wondered|wondering",
    "feel|feels|felt|feeling", "disagree|disagrees|disagreed|disagreeing",
    "remember|remembers|remembered|remembering", "highlight|highlights|highlighted|highlighting",
    "mock|mocks|mocked|mocking", "ridicule|ridicules|ridiculed|ridiculing", "slam|slams|slammed|slamming",
    "blast|blasts|blasted|blasting", "applaud|applauds|applauded|applauding", "thank|thanks|thanked|thanking",
    "apologize|apologizes|apologized|apologizing", "decide|decides|decided|deciding",
    "challenge|challenges|challenged|challenging", "dispute|disputes|disputed|disputing",
    "contradict|contradicts|contradicted|contradicting", "refute|refutes|refuted|refuting",
    "recommend|recommends|recommended|recommending", "advise|advises|advised|advising",
    "invite|invites|invited|inviting", "seek|seeks|sought|seeking", "talk|talks|talked|talking",
    "speak|speaks|spoke|speaking|spoken", "comment|comments|commented|commenting",
    "express|expresses|expressed|expressing", "voice|voices|voiced|voicing", "offer|offers|offered|offering",
    "release|releases|released|releasing", "issue|issues|issued|issuing", "pledge|pledges|pledged|pledging",
    "demonstrate|demonstrates|demonstrated|demonstrating", "prove|proves|proved|proving|proven",
    "confirm|confirms|confirmed|confirming", "learn|learns|learned|learning|learnt",
    "discover|discovers|discovered|discovering", "realize|realizes|realized|realizing",
    "assume|assumes|assumed|assuming", "guess|guesses|guessed|guessing", "imagine|imagines|imagined|imagining",
    "consider|considers|considered|considering", "regard|regards|regarded|regarding",
    "view|views|viewed|viewing", "see|sees|saw|seeing|seen", "hear|hears|heard|hearing",
    "understand|understands|understood|understanding",
    "agree|agrees|agreed|agreeing", "back|backs|backed|backing", "favor|favors|favored|favoring",
    "welcome|welcomes|welcomed|welcoming", "condemn|condemns|condemned|condemning",
    "denounce|denounces|denounced|denouncing", "decry|decries|decried|decrying", "insult|insults|insulted|insulting",
    "order|orders|ordered|ordering", "instruct|instructs|instructed|instructing", "vote|votes|voted|voting",
    "promote|promotes|promoted|promoting", "tout|touts|touted|touting", "reaffirm|reaffirms|reaffirmed|reaffirming",
    "clarify|clarifies|clarified|clarifying", "inform|informs|informed|informing", "alert|alerts|alerted|alerting",
    "notify|notifies|notified|notifying", "assure|assures|assured|assuring", "reassure|reassures|reassured|reassuring",
    "convince|convinces|convinced|convincing", "persuade|persuades|persuaded|persuading",
    "swear|swears|swore|swearing|sworn", "guarantee|guarantees|guaranteed|guaranteeing",
    "project|projects|projected|projecting", "calculate|calculates|calculated|calculating",
    "label|labels|labeled|labeling|labelled", "brand|brands|branded|branding",
    "dub|dubs|dubbed|dubbing", "praise|praises|praised|praising", "recount|recounts|recounted|recounting",
    "describe|describes|described|describing", "detail|details|detailed|detailing",
    "outline|outlines|outlined|outlining", "summarize|summarizes|summarized|summarizing",
)  # fmt: skip
# Cues that also need a particle to be speech: "pointed out".
PARTICLE_CUES = {"point": "out", "points": "out", "pointed": "out", "pointing": "out"}

PRONOUNS = {"he": "male", "she": "female", "they": None, "i": None, "we": None, "it": None}

PERSON_TITLES = {
    "president", "vice", "former", "sen.", "senator", "rep.", "representative", "gov.", "governor", "mayor",
    "secretary", "attorney", "general", "judge", "justice", "sheriff", "commissioner", "director", "chief",
    "chairman", "chairwoman", "chair", "speaker", "leader", "minister", "prime", "ambassador", "mr.", "mrs.",
    "ms.", "dr.", "prof.", "professor", "rev.", "pastor", "officer", "agent", "spokesman", "spokeswoman",
    "spokesperson", "press", "deputy", "acting", "assistant", "lt.", "col.", "gen.", "sgt.", "capt.", "lawyer",
    "candidate", "congressman", "congresswoman", "councilman", "councilwoman", "councilmember", "majority",
    "minority", "whip", "pres.", "first", "lady", "adviser", "advisor", "aide", "superintendent", "commander",
    "ceo", "founder", "executive", "analyst", "economist", "coach", "activist", "organizer", "host", "anchor",
    "correspondent", "reporter", "columnist", "author", "sen", "rep", "gov", "state", "u.s.", "federal",
    "democratic", "republican", "independent", "white", "house", "homeland", "security", "department",
    "senior", "top", "then-president", "then-candidate", "council", "member", "district",
}  # fmt: skip
# Words that make a capitalised name an organisation rather than a person.
ORGANIZATION_WORDS = {
    "department", "house", "agency", "office", "committee", "council", "association", "party", "inc.", "corp.",
    "university", "court", "police", "service", "administration", "bureau", "commission", "ministry", "group",
    "center", "centre", "institute", "foundation", "campaign", "union", "coalition", "congress", "senate",
    "board", "authority", "enforcement", "patrol", "network", "company", "corporation", "church", "school",
    "college", "hospital", "army", "navy", "force", "guard", "command", "republicans", "democrats", "county",
    "city", "state", "states", "government", "organization", "organisation", "society", "project", "fund",
    "trust", "alliance", "federation", "league", "caucus", "pentagon", "kremlin", "customs", "immigration",
    "legislature", "assembly", "chamber", "industries", "partners",
}  # fmt: skip
# Last words that make a name a news outlet: "Punchbowl News", "Detroit Free Press".
OUTLET_SUFFIXES = {"news", "press", "times", "post", "journal", "tribune", "herald", "gazette", "chronicle",
                   "daily", "magazine", "radio", "tv", "telegraph", "examiner", "inquirer", "observer", "ledger",
                   "courier", "review", "reporter", "dispatch", "sentinel", "register", "bulletin", "star"}  # fmt: skip
# Titles as written -> one canonical word, so "the senator" finds "Sen. Jane Doe".
ROLE_TITLES = {
    "sen.": "senator", "sen": "senator", "senator": "senator", "rep.": "representative", "rep": "representative",
    "representative": "representative", "congressman": "representative", "congresswoman": "representative",
    "gov.": "governor", "gov": "governor", "governor": "governor", "pres.": "president", "president": "president",
    "mayor": "mayor", "secretary": "secretary", "attorney": "attorney", "judge": "judge", "justice": "justice",
    "sheriff": "sheriff", "commissioner": "commissioner", "director": "director", "chairman": "chair",
    "chairwoman": "chair", "chair": "chair", "speaker": "speaker", "leader": "leader", "minister": "minister",
    "ambassador": "ambassador", "superintendent": "superintendent", "candidate": "candidate", "chief": "chief",
    "councilman": "council", "councilwoman": "council", "councilmember": "council", "treasurer": "treasurer",
    "comptroller": "comptroller", "lieutenant": "lieutenant", "prosecutor": "prosecutor", "whip": "whip",
}  # fmt: skip
ANONYMOUS_HEADS = {
    "official", "officials", "spokesperson", "spokesman", "spokeswoman", "spokespeople", "source", "sources",
    "aide", "aides", "adviser", "advisers", "advisor", "advisors", "person", "people", "staffer", "staffers",
    "insider", "insiders", "employee", "employees", "representative", "representatives", "worker", "workers",
    "witness", "witnesses", "resident", "residents", "officer", "officers", "agent", "agents", "lawyer",
    "attorney", "analyst", "analysts", "expert", "experts", "critics", "supporters", "administrator", "member",
    "members", "diplomat", "diplomats", "statement", "release", "report", "memo", "letter", "document",
    "lawmaker", "lawmakers", "legislator", "legislators", "strategist", "strategists", "operative", "operatives",
    "donor", "donors", "voter", "voters", "organizer", "organizers", "negotiator", "negotiators", "ally", "allies",
}  # fmt: skip
OUTLET_NOUNS = {"outlet", "newspaper", "paper", "network", "publication", "agency", "magazine", "website",
                "station", "broadcaster", "channel", "daily", "tabloid", "news", "report"}  # fmt: skip
OUTLETS = {
    "cnn", "fox news", "msnbc", "nbc news", "nbc", "abc news", "abc", "cbs news", "cbs", "npr", "pbs",
    "the new york times", "new york times", "the times", "the washington post", "washington post", "the post",
    "reuters", "the associated press", "associated press", "ap", "politico", "axios", "the wall street journal",
    "wall street journal", "the journal", "bloomberg", "bloomberg news", "the hill", "usa today", "buzzfeed news",
    "huffpost", "the huffington post", "breitbart", "breitbart news", "the guardian", "bbc", "bbc news",
    "the los angeles times", "los angeles times", "the chicago tribune", "chicago tribune", "the atlantic",
    "the new yorker", "vox", "slate", "the daily beast", "newsweek", "time", "time magazine", "the intercept",
    "propublica", "the boston globe", "boston globe", "the miami herald", "miami herald", "the dallas morning news",
    "the houston chronicle", "houston chronicle", "the clarion ledger", "the clarion-ledger", "clarion ledger",
    "the daily caller", "the washington times", "washington times", "the new york post", "new york post",
    "the washington examiner", "washington examiner", "the federalist", "national review", "mother jones",
    "the nation", "vice news", "vice", "business insider", "insider", "cnbc", "univision", "telemundo",
    "al jazeera", "the economist", "financial times", "the financial times", "agence france-presse", "afp",
    "the star tribune", "star tribune", "the arizona republic", "the texas tribune", "texas tribune",
    "the tampa bay times", "the san francisco chronicle", "the seattle times", "the denver post", "the 19th",
    "the free beacon", "the washington free beacon", "semafor", "the daily wire", "newsmax", "oann", "one america news",
}  # fmt: skip
DETERMINERS = {"a", "an", "the", "one", "two", "three", "several", "some", "many", "other", "another", "this",
               "that", "these", "those", "his", "her", "their", "its", "our"}  # fmt: skip
# Words that stop a speaker phrase when read away from its cue.
PHRASE_STOPS = {
    "on", "in", "at", "during", "after", "before", "while", "when", "as", "and", "but", "because", "who", "which",
    "that", "to", "into", "via", "through", "last", "this", "earlier", "later", "recently", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today", "tonight", "told", "adding",
    "though", "although", "if", "also", "then", "now", "again", "not", "never", "had", "has", "have", "was",
    "were", "is", "are", "would", "will", "could", "should", "may", "might", "did", "does", "do", "been",
}  # fmt: skip
# Introduces a work's title rather than speech: the film “...”, a program called “...”.
# Words a title leaves in lower case: "Border Operations and Security Improvement Act".
TITLE_SMALL_WORDS = {"a", "an", "the", "and", "or", "but", "nor", "of", "for", "to", "in", "on", "at", "by", "with",
                     "from", "as", "vs", "via"}  # fmt: skip
TITLE_NOUNS = {
    "book", "film", "movie", "show", "song", "album", "article", "titled", "entitled", "episode", "series",
    "program", "programme", "op-ed", "headline", "column", "podcast", "documentary", "play", "novel", "poem",
    "named", "dubbed", "so-called", "nicknamed", "branded", "labeled", "labelled", "known", "slogan", "hashtag",
    "initiative", "operation", "act", "bill", "report", "essay", "memoir", "speech", "video", "tweet", "sign",
    "signs", "banner", "banners", "chant", "chants", "chanting", "word", "words", "term", "phrase", "motto",
}  # fmt: skip

GIVEN_NAMES = set(
    """
    aaron abby abigail adam adrian aisha alan albert alex alexander alexandria alexis alice alicia alison allen
    alvin amanda amber amy ana andrea andrew andy angela angelina angus ann anna anne annie anthony antonio april
    ashley austin barack barbara barry ben benjamin bernie beto beth betsy betty bill billy blake bob bobby brad
    bradley brandon brenda brett brian bruce bryan byron caitlin cameron carl carla carlos carly carol caroline
    carolyn casey catherine cathy cecilia chad charles charlie chelsea cheryl chris christian christina christine
    christopher chuck cindy claire clarence claudia clay clint cody colin connie cory courtney craig cristina crystal
    cynthia dale dan dana daniel danielle danny darrell dave david dean deb debbie deborah debra denise dennis derek
    devin diana diane dick dominic don donald donna doris doug douglas dylan earl ed eddie edward elaine elena eli
    elijah elise elissa elizabeth ellen emily emma eric erica erin ethan eugene eva evan frances francis frank fred
    gabriel gary gavin gene george gerald gina glenn gloria grace greg gregory gretchen hakeem hal hannah harold harry
    heather heidi helen henry hillary howard hunter ian ilhan ivanka jack jackie jacob jaime jake james jamie jane
    janet janice jared jason javier jay jean jeanne jeff jeffrey jen jennifer jenny jeremy jerome jerry jesse jessica
    jill jim jimmy jo joan joanna joe joel john johnny jon jonathan jordan jose joseph josh joshua joyce juan judith
    judy julia julian julie justin karen karl kate katherine kathleen kathy katie kay keith kelly ken kenneth kevin
    kim kimberly kirsten kristen kristi kristin kyle kyrsten lamar larry laura lauren lawrence leah lee leon leslie
    lin linda lindsey lisa liz lori louis louise lucas lucy luis luke lynn madison maggie malcolm marco marcus
    margaret maria marie marilyn mario mark marsha martha martin marty mary matt matthew maxine megan melania melissa
    michael michele michelle miguel mike mitch mitt molly monica morgan nancy natalie nathan neil nicholas nick nicole
    nikki noah norma olivia oscar pam pamela pat patricia patrick patty paul paula pedro peggy pete peter phil philip
    rachel rafael ralph rand randy raphael ray raymond rebecca regina rex richard rick rita rob robert roberto robin
    rodney roger ron ronald ronny rosa rose ross roy ruby russell ruth ryan sally sam samantha samuel sandra sara
    sarah scott sean sergio seth shannon sharon shawn sheila sheldon sherrod shirley stacey stacy stephanie stephen
    steve steven stuart sue susan suzanne tammy tara ted teresa terry thomas tim timothy tina todd tom tommy tony
    tracy travis trey troy tucker tulsi tyler valerie vanessa victor victoria vincent virginia walter wanda warren
    wayne wendy whitney william willie xavier yvonne zach zachary
    """.split()
)

# For "he" and "she": given names most often borne by women, and by men (others stay unknown).
FEMALE_NAMES = set(
    """
    abby abigail aisha alexandria alice alicia alison amanda amber amy ana andrea angela angelina ann anna anne annie
    april ashley barbara beth betsy betty brenda caitlin carla carly carol caroline carolyn catherine cathy cecilia
    chelsea cheryl christina christine cindy claire claudia connie courtney cristina crystal cynthia danielle deb
    debbie deborah debra denise diana diane donna doris elaine elena elise elissa elizabeth ellen emily emma erica erin
    eva frances gina gloria grace gretchen hannah heather heidi helen hillary ilhan ivanka jackie jane janet janice
    jean jeanne jen jennifer jenny jessica jill joan joanna joyce judith judy julia julie karen kate katherine kathleen
    kathy katie kay kim kimberly kirsten kristen kristi kristin kyrsten laura lauren leah linda lindsey lisa liz lori
    louise lucy lynn madison maggie margaret maria marie marilyn marsha martha mary maxine megan melania melissa
    michele michelle molly monica nancy natalie nicole nikki norma olivia pam pamela patricia patty paula peggy rachel
    rebecca regina rita rosa rose ruby ruth sally samantha sandra sara sarah sharon sheila shirley stacey stacy
    stephanie sue susan suzanne tammy tara teresa tina tracy tulsi valerie vanessa victoria virginia wanda wendy
    whitney yvonne anita tamika dana
    """.split()
)
MORE_FEMALE_NAMES = set(
    """
    jenna gwen kara lena nora vera ada ella ava mia sophia isabella chloe zoe lily layla hazel violet stella
    lucia naomi keisha latoya ebony monique yolanda darlene lorraine marlene bonnie lois gail kristina krista
    tanya sonia sylvia beatriz carmen dolores guadalupe juanita lourdes marisol priya deepa mei fatima amina
    leila ayanna jasmine brittany tiffany kayla kendra mallory meredith miranda robyn shelley sheryl tricia
    vicki marianne mariana adriana gabriela veronica lydia miriam esther irene june joy celeste colleen eileen
    maureen kathryn katharine nina rosemary rochelle tamara terri toni janelle jocelyn josephine kelsey haley
    hailey brooke paige sierra sydney savannah kylie lacey liliana elsa greta ingrid agnes edith ethel florence
    harriet mabel mildred opal pearl
    """.split()
)
MORE_MALE_NAMES = set(
    """
    trent curtis lowell dwayne jamal darius malik tyrone terrence reggie reginald clifford clyde floyd franklin
    gordon herbert hugh irving lloyd lyle marvin maurice milton mitchell nelson norman otis percy preston quincy
    rudy spencer stanley vernon wallace wesley winston abe ahmed mohammed muhammad omar hassan ali raj vivek
    arjun ravi sanjay kenji hiroshi jorge alejandro andres diego eduardo enrique ernesto fernando francisco
    hector ignacio joaquin julio manuel pablo ramon raul ricardo rodrigo ruben salvador santiago ezra gideon
    isaac levi caleb connor garrett griffin jackson logan mason nolan owen tanner trevor tristan wyatt beau jeb
    kirk lance rod sonny glen ned herb ike bernard cornelius dexter elliot everett frederick gilbert harvey
    jasper leonard lester lionel luther morris oliver orlando randall roland roscoe rufus sherman sterling
    thaddeus tobias virgil walker warren
    """.split()
)
GIVEN_NAMES |= FEMALE_NAMES | MORE_FEMALE_NAMES | MORE_MALE_NAMES
FEMALE_NAMES |= MORE_FEMALE_NAMES
UNISEX_NAMES = {"jordan", "taylor", "casey", "morgan", "jamie", "pat", "robin", "lee", "kelly", "leslie", "terry",
                "shannon", "jo", "lynn", "tracy", "jean", "dana", "kim", "alex", "sam", "chris", "jesse"}  # fmt: skip
MALE_NAMES = GIVEN_NAMES - FEMALE_NAMES - UNISEX_NAMES
TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
              "later", "earlier", "then", "now", "meanwhile", "last", "next", "this", "week", "month", "year",
              "morning", "afternoon", "evening", "night", "january", "february", "march", "april", "may", "june",
              "july", "august", "september", "october", "november", "december"}  # fmt: skip
