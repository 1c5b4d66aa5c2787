-- $1: surgeon id, $2: first number, $3: how many. For the submit benchmark: one patient and surgery
-- (15 days ago) each, with a completed baseline (and its response, so a 2-week answer is scored
-- against it) and a sent 2-week invitation whose window is open. Returns the 2-week invitation ids.
WITH p AS (
  INSERT INTO patients (mrn, given_name, family_name, birth_date, email, language, surgeon_id, subject_code)
  SELECT 'OPEN-' || g, 'Given', 'Family', '1950-01-01', 'open' || g || '@load.test', 'en', $1, 'S-O' || g
    FROM generate_series($2::int, $2::int + $3::int - 1) g
  RETURNING id
), s AS (
  INSERT INTO surgeries (patient_id, surgeon_id, procedure, surgery_date)
  SELECT id, $1, 'laminectomy', current_date - 15 FROM p
  RETURNING id, surgery_date
), i AS (
  INSERT INTO invitations (surgery_id, timepoint, due_at, closes_at, status, sent_at, completed_at)
  SELECT s.id, t.timepoint, s.surgery_date + t.due_days, s.surgery_date + t.due_days + t.window_days,
         t.status, s.surgery_date + t.due_days, CASE WHEN t.status = 'completed' THEN s.surgery_date + t.due_days END
    FROM s CROSS JOIN (VALUES ('baseline', -7, 6, 'completed'), ('2w', 14, 7, 'sent')) AS t(timepoint, due_days, window_days, status)
  RETURNING id, timepoint, completed_at
), r AS (
  INSERT INTO responses (invitation_id, mode, collected_at, leg_pain, back_pain, walking_distance, definition_version)
  SELECT id, 'web', completed_at, 7, 5, 1, 'success-v1;satisfied-v1' FROM i WHERE timepoint = 'baseline'
)
SELECT id FROM i WHERE timepoint = '2w' ORDER BY id;
