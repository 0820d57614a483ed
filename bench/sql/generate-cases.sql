-- Multiplies the demo district's case history (issue 8's data generator; run by bench/generate.sh).
--   psql -v n=1000000 -f bench/sql/generate-cases.sql
-- Every generated case is a copy of one real demo-history case — written by Tongban itself through its own use cases, so
-- items, channels, statuses, materials, steps, clock events, correction notices and 好差评 are all realistic and the
-- applicant's encrypted ID number and mobile decrypt with the demo keys (a whole-case view works on every row).
-- What differs per copy: a new id and case number, a fresh blind index (so each copy is "another person" and nobody
-- owns thousands of cases), and, for closed cases, a shift back by whole weeks (weekdays and office hours keep their
-- pattern) so the volume spreads over the year. Open cases keep their dates: their due dates stay meaningful and the
-- queues hold ~6 % of all cases, as the demo's do.
-- Set-based INSERT … SELECT inside the server: no row crosses the wire, which is faster than COPY from a client.
-- Audit entries are not copied: their hash chains bind each entry to its stream, so copies would not verify.
-- The secondary indexes of the tables written are dropped first and built again at the end (one sort each instead of
-- N random inserts); a duplicate case number would make the unique index fail to build and roll everything back.
\set ON_ERROR_STOP 1
BEGIN;
CREATE TEMP TABLE saved_indexes ON COMMIT DROP AS
  SELECT indexname, indexdef FROM pg_indexes
  WHERE schemaname = 'public' AND indexname NOT LIKE 'pk\_%'
    AND tablename IN ('cases', 'case_steps', 'case_materials', 'case_clock_events', 'correction_notices', 'correction_item',
                      'case_evaluations', 'case_evaluation_reasons');
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT indexname FROM saved_indexes LOOP EXECUTE format('DROP INDEX %I', r.indexname); END LOOP;
END $$;
CREATE TEMP TABLE tpl ON COMMIT DROP AS
  SELECT row_number() OVER (ORDER BY id) AS t, id,
         status IN ('Delivered', 'NotAccepted', 'Withdrawn', 'Terminated', 'Rejected') AS closed
  FROM cases;
SELECT count(*) AS tcount, coalesce((SELECT max(id) FROM cases), 0) AS maxcase FROM tpl \gset

CREATE TEMP TABLE gen ON COMMIT DROP AS
  SELECT g, :maxcase + g AS new_id, c.id AS tpl_id, s.shift,
         c.region_code || '-' || to_char((c.submitted_at - s.shift) AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || (100000000 + g) AS number
  FROM generate_series(1, :n) AS g
  JOIN tpl ON tpl.t = 1 + (g - 1) % :tcount
  JOIN cases c ON c.id = tpl.id
  CROSS JOIN LATERAL (SELECT CASE WHEN tpl.closed THEN make_interval(days => 7 * (((g - 1) / :tcount)::int % 52)) ELSE interval '0' END AS shift) s;
CREATE INDEX ON gen (tpl_id);
ANALYZE gen;

INSERT INTO cases (id, number, region_code, item_version_id, item_code, item_name, status, channel, applicant_kind, applicant_name,
  applicant_id_number, applicant_id_index, applicant_mobile, contact_name, service_point_code, department_code, window_code, kiosk_code,
  submitted_by_staff_id, submitted_by_citizen_id, form_json, review_steps, current_review_step, is_immediate, promised_limit_days,
  legal_limit_days, promised_limit_unit, legal_limit_unit, submitted_at, pre_review_due_date, pre_reviewed_at, accepted_at,
  acceptance_number, closing_reason, tolerance_missing, tolerance_commit_due_date, tolerance_fulfilled_at, promised_due_date,
  legal_due_date, status_before_suspension, decision, decision_document_number, delivery_method, pickup_code, tracking_number,
  completed_at, delivered_at, updated_at, awaiting_role, next_check_at, revision, certificate_type_code)
SELECT g.new_id, g.number, c.region_code, c.item_version_id, c.item_code, c.item_name, c.status, c.channel, c.applicant_kind, c.applicant_name,
  c.applicant_id_number, md5(c.applicant_id_index || ':' || g.g), c.applicant_mobile, c.contact_name, c.service_point_code, c.department_code,
  c.window_code, c.kiosk_code, c.submitted_by_staff_id, c.submitted_by_citizen_id, c.form_json, c.review_steps, c.current_review_step,
  c.is_immediate, c.promised_limit_days, c.legal_limit_days, c.promised_limit_unit, c.legal_limit_unit,
  c.submitted_at - g.shift, (c.pre_review_due_date - g.shift)::date, c.pre_reviewed_at - g.shift, c.accepted_at - g.shift,
  CASE WHEN c.acceptance_number IS NULL THEN NULL ELSE 'SL' || g.number END, c.closing_reason, c.tolerance_missing,
  (c.tolerance_commit_due_date - g.shift)::date, c.tolerance_fulfilled_at - g.shift, (c.promised_due_date - g.shift)::date,
  (c.legal_due_date - g.shift)::date, c.status_before_suspension, c.decision, c.decision_document_number, c.delivery_method,
  c.pickup_code, c.tracking_number, c.completed_at - g.shift, c.delivered_at - g.shift, c.updated_at - g.shift, c.awaiting_role,
  -- The watcher looks at open copies over the next day, not all at once (as if they had arrived over time).
  CASE WHEN c.next_check_at IS NULL THEN NULL ELSE now() + random() * interval '1 day' END, c.revision, c.certificate_type_code
FROM gen g JOIN cases c ON c.id = g.tpl_id;
SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT max(id) FROM cases)) AS ignored \gset

INSERT INTO case_steps (case_id, sequence, name, action, handler_name, handler_staff_id, opinion, organization_code, started_at, ended_at)
SELECT g.new_id, s.sequence, s.name, s.action, s.handler_name, s.handler_staff_id, s.opinion, s.organization_code, s.started_at - g.shift, s.ended_at - g.shift
FROM gen g JOIN case_steps s ON s.case_id = g.tpl_id;

INSERT INTO case_materials (case_id, requirement_code, name, file_id, library_material_id, from_library, certificate_id, submitted_at, answers_notice, replaced_at)
SELECT g.new_id, m.requirement_code, m.name, m.file_id, m.library_material_id, m.from_library, m.certificate_id, m.submitted_at - g.shift, m.answers_notice, m.replaced_at - g.shift
FROM gen g JOIN case_materials m ON m.case_id = g.tpl_id;

INSERT INTO case_clock_events (case_id, kind, date, at, working_days, procedure_type, reason, actor_name)
SELECT g.new_id, e.kind, (e.date - g.shift)::date, e.at - g.shift, e.working_days, e.procedure_type, e.reason, e.actor_name
FROM gen g JOIN case_clock_events e ON e.case_id = g.tpl_id;

-- Correction notices and evaluations have children of their own: map old ids to new ones first.
SELECT coalesce(max(id), 0) AS maxnotice FROM correction_notices \gset
CREATE TEMP TABLE notice_map ON COMMIT DROP AS
  SELECT :maxnotice + row_number() OVER (ORDER BY g.g, n.id) AS new_id, n.id AS old_id, g.new_id AS case_id, g.number, g.shift
  FROM gen g JOIN correction_notices n ON n.case_id = g.tpl_id;
INSERT INTO correction_notices (id, case_id, number, sequence, issued_at, issued_by, supplemented_at)
SELECT m.new_id, m.case_id, 'BZ' || m.number || '-' || n.sequence, n.sequence, n.issued_at - m.shift, n.issued_by, n.supplemented_at - m.shift
FROM notice_map m JOIN correction_notices n ON n.id = m.old_id;
SELECT setval(pg_get_serial_sequence('correction_notices', 'id'), (SELECT max(id) FROM correction_notices)) AS ignored \gset
INSERT INTO correction_item (correction_notice_id, requirement_code, material_name, reason)
SELECT m.new_id, i.requirement_code, i.material_name, i.reason FROM notice_map m JOIN correction_item i ON i.correction_notice_id = m.old_id;

SELECT coalesce(max(id), 0) AS maxeval FROM case_evaluations \gset
CREATE TEMP TABLE evaluation_map ON COMMIT DROP AS
  SELECT :maxeval + row_number() OVER (ORDER BY g.g, e.id) AS new_id, e.id AS old_id, g.new_id AS case_id, g.number, g.shift, g.g
  FROM gen g JOIN case_evaluations e ON e.case_id = g.tpl_id;
INSERT INTO case_evaluations (id, case_id, case_number, level, channel, evaluated_at, evaluator_index, evaluator_citizen_id, comment,
  department_code, service_point_code, item_code, case_channel, desk_code)
SELECT m.new_id, m.case_id, m.number, e.level, e.channel, e.evaluated_at - m.shift, md5(e.evaluator_index || ':' || m.g), e.evaluator_citizen_id,
  e.comment, e.department_code, e.service_point_code, e.item_code, e.case_channel, e.desk_code
FROM evaluation_map m JOIN case_evaluations e ON e.id = m.old_id;
SELECT setval(pg_get_serial_sequence('case_evaluations', 'id'), (SELECT max(id) FROM case_evaluations)) AS ignored \gset
INSERT INTO case_evaluation_reasons (evaluation_id, reason)
SELECT m.new_id, r.reason FROM evaluation_map m JOIN case_evaluation_reasons r ON r.evaluation_id = m.old_id;

SET LOCAL maintenance_work_mem = '512MB';
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT indexdef FROM saved_indexes LOOP EXECUTE r.indexdef; END LOOP;
END $$;
COMMIT;
