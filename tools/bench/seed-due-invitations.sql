-- $1: surgeon id, $2: how many. One patient (own email), surgery and due 2-week invitation each,
-- due an hour ago and open for days. Shared by the multi-replica test and the dispatch benchmark.
WITH p AS (
  INSERT INTO patients (mrn, given_name, family_name, birth_date, email, language, surgeon_id, subject_code)
  SELECT 'LOAD-' || g, 'Given', 'Family', '1950-01-01', 'patient' || g || '@load.test', 'en', $1, 'S-L' || g
    FROM generate_series(1, $2) g
  RETURNING id
), s AS (
  INSERT INTO surgeries (patient_id, surgeon_id, procedure, surgery_date)
  SELECT id, $1, 'laminectomy', current_date - 15 FROM p
  RETURNING id
)
INSERT INTO invitations (surgery_id, timepoint, due_at, closes_at)
SELECT id, '2w', now() - interval '1 hour', now() + interval '5 days' FROM s
