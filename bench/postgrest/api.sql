-- What PostgREST serves in the benchmark: one claim per row with the fields of GET /api/claims/
-- (id, uid, text, claimant slug, appearance ids, topics, status, checkworthiness, nested
-- quantities, created_at, updated_at, context, stated_on, appearance_urls), under the same rules
-- as an anonymous API client: published claims only, confirmed quotes only among the
-- appearances, a private speaker's slug hidden. Bench-only: never part of the app's migrations.
DROP SCHEMA IF EXISTS bench_api CASCADE;
CREATE SCHEMA bench_api;

CREATE VIEW bench_api.claims AS
SELECT
  c.id,
  c.uid,
  c.text,
  CASE WHEN sp.is_private THEN NULL ELSE sp.slug END AS claimant,
  ARRAY(
    SELECT a.quote_id FROM claims_appearance a JOIN claims_quote q ON q.id = a.quote_id
    WHERE a.claim_id = c.id AND q.review_status = 'confirmed' ORDER BY a.quote_id
  ) AS appearances,
  c.topics,
  c.status,
  c.checkworthiness,
  COALESCE((
    SELECT json_agg(json_build_object(
      'id', qt.id, 'uid', qt.uid, 'surface', qt.surface, 'qualifier', qt.qualifier, 'value', qt.value,
      'value_to', qt.value_to, 'lower', lower(qt.interval), 'upper', upper(qt.interval),
      'lower_inclusive', lower_inc(qt.interval), 'upper_inclusive', upper_inc(qt.interval), 'unit', qt.unit,
      'measured', qt.measured, 'measure', m.slug, 'as_of', qt.as_of, 'created_at', qt.created_at,
      'updated_at', qt.updated_at
    ) ORDER BY qt.id)
    FROM claims_quantity qt LEFT JOIN claims_measure m ON m.id = qt.measure_id
    WHERE qt.claim_id = c.id
  ), '[]') AS quantities,
  c.created_at,
  c.updated_at,
  c.context,
  c.stated_on,
  c.appearance_urls,
  sp.slug AS speaker,  -- the filter column (?speaker=eq.<slug>), like /api/claims/?speaker=<slug>
  c.search
FROM claims_claim c
LEFT JOIN claims_speaker sp ON sp.id = c.claimant_id
WHERE c.status = 'published';

-- /api/claims/?value_min=&value_max=: claims with a quantity whose interval overlaps [low, high].
CREATE FUNCTION bench_api.claims_in_range(low numeric, high numeric) RETURNS SETOF bench_api.claims
LANGUAGE sql STABLE AS $$
  SELECT v.* FROM bench_api.claims v
  WHERE EXISTS (SELECT 1 FROM public.claims_quantity qt WHERE qt.claim_id = v.id AND qt.interval && numrange(low, high, '[]'))
$$;

-- /api/claims/?q=: web-search syntax on the claim's tsvector, with the same <mark> snippet.
CREATE TYPE bench_api.claim_hit AS (
  id bigint, uid uuid, text text, claimant text, appearances bigint[], topics varchar(200)[], status text,
  checkworthiness double precision, quantities json, created_at timestamptz, updated_at timestamptz, context text,
  stated_on date, appearance_urls varchar(500)[], snippet text
);
CREATE FUNCTION bench_api.search_claims(q text) RETURNS SETOF bench_api.claim_hit
LANGUAGE sql STABLE AS $$
  SELECT v.id, v.uid, v.text, v.claimant, v.appearances, v.topics, v.status, v.checkworthiness, v.quantities,
         v.created_at, v.updated_at, v.context, v.stated_on, v.appearance_urls,
         ts_headline('english', v.text, query, 'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15')
  FROM bench_api.claims v, websearch_to_tsquery('english', q) AS query
  WHERE v.search @@ query
$$;
