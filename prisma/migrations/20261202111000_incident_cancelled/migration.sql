-- An incident its executor or a supervisor gave up with a reason ends CANCELLED (issue 17).
ALTER TYPE "IncidentStatus" ADD VALUE 'CANCELLED';
