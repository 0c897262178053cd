"""Quote anchors checked against their source's body, in the database.

A CHECK constraint cannot read another table, so two constraint triggers enforce that a quote
ends inside its source's body and that a direct or partial quote's text is the body's text at
its offsets (substr counts code points, as Python does). An orphaned quote (its words gone
after an edit) keeps its text and is exempt from the second rule. Both are DEFERRABLE so that a
transaction re-anchoring quotes after a body edit can defer them to commit.
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION claims_quote_anchor_error(body text, q claims_quote) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN q."end" > char_length(body) THEN
      format('quote %s ends at %s, after the end of its source body (%s characters)', q.uid, q."end", char_length(body))
    WHEN q.anchor_status <> 'orphaned' AND q.kind IN ('direct', 'partial')
         AND substr(body, q.start + 1, q."end" - q.start) IS DISTINCT FROM q.text THEN
      format('quote %s: a %s quote must equal the source body at [%s, %s)', q.uid, q.kind, q.start, q."end")
  END
$$;

CREATE FUNCTION claims_quote_check_anchor() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  problem text;
BEGIN
  SELECT claims_quote_anchor_error(s.body, NEW) INTO problem FROM claims_source s WHERE s.id = NEW.source_id;
  IF problem IS NOT NULL THEN
    RAISE EXCEPTION '%', problem USING ERRCODE = 'check_violation', CONSTRAINT = 'quote_anchor_matches_body';
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER quote_anchor_matches_body
  AFTER INSERT OR UPDATE OF source_id, kind, text, start, "end", anchor_status ON claims_quote
  DEFERRABLE INITIALLY IMMEDIATE
  FOR EACH ROW EXECUTE FUNCTION claims_quote_check_anchor();

CREATE FUNCTION claims_source_check_quote_anchors() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  problem text;
BEGIN
  SELECT claims_quote_anchor_error(NEW.body, q) INTO problem
    FROM claims_quote q
   WHERE q.source_id = NEW.id AND claims_quote_anchor_error(NEW.body, q) IS NOT NULL
   LIMIT 1;
  IF problem IS NOT NULL THEN
    RAISE EXCEPTION 'source % body change breaks %', NEW.slug, problem
      USING ERRCODE = 'check_violation', CONSTRAINT = 'quote_anchor_matches_body';
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER source_body_keeps_quote_anchors
  AFTER UPDATE OF body ON claims_source
  DEFERRABLE INITIALLY IMMEDIATE
  FOR EACH ROW EXECUTE FUNCTION claims_source_check_quote_anchors();
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS source_body_keeps_quote_anchors ON claims_source;
DROP FUNCTION IF EXISTS claims_source_check_quote_anchors();
DROP TRIGGER IF EXISTS quote_anchor_matches_body ON claims_quote;
DROP FUNCTION IF EXISTS claims_quote_check_anchor();
DROP FUNCTION IF EXISTS claims_quote_anchor_error(text, claims_quote);
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
