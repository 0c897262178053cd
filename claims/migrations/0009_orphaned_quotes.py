"""An orphaned quote (its words are gone from the source after an edit) keeps its text.

Its offsets then point near where it was and no longer hold its words, so the verbatim rule
skips orphaned quotes; the bound inside the body still applies.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION claims_quote_anchor_error(body text, q claims_quote) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN q."end" > char_length(body) THEN
      format('quote %s ends at %s, after the end of its source body (%s characters)', q.uid, q."end", char_length(body))
    WHEN q.anchor_status <> 'orphaned' AND q.kind IN ('direct', 'partial')
         AND substr(body, q.start + 1, q."end" - q.start) IS DISTINCT FROM q.text THEN
      format('quote %s: a %s quote must equal the source body at [%s, %s)', q.uid, q.kind, q.start, q."end")
  END
$$;
DROP TRIGGER quote_anchor_matches_body ON claims_quote;
CREATE CONSTRAINT TRIGGER quote_anchor_matches_body
  AFTER INSERT OR UPDATE OF source_id, kind, text, start, "end", anchor_status ON claims_quote
  DEFERRABLE INITIALLY IMMEDIATE
  FOR EACH ROW EXECUTE FUNCTION claims_quote_check_anchor();
"""

REVERSE = r"""
CREATE OR REPLACE FUNCTION claims_quote_anchor_error(body text, q claims_quote) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN q."end" > char_length(body) THEN
      format('quote %s ends at %s, after the end of its source body (%s characters)', q.uid, q."end", char_length(body))
    WHEN q.kind IN ('direct', 'partial') AND substr(body, q.start + 1, q."end" - q.start) IS DISTINCT FROM q.text THEN
      format('quote %s: a %s quote must equal the source body at [%s, %s)', q.uid, q.kind, q.start, q."end")
  END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0008_attention")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
