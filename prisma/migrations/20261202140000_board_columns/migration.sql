-- The board pages each column (status) and lane (assignee) newest first: this index walks one
-- cell in order and stops at the page size, also where a column's few rows are old (without it
-- such a cell scanned the (assigneeId, status) index whole, docs/performance.md).
CREATE INDEX "Incident_status_assigneeId_createdAt_id_idx" ON "Incident"("status", "assigneeId", "createdAt", "id");
