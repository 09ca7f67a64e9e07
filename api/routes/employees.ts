import { Router } from 'express';
import type { EmployeeDirectory } from '../../domain/people/employeeDirectory';
import { forbidden } from '../../domain/shared/errors';
import { hasRole } from '../../domain/access/identity';
import { actorOf } from '../auth/middleware';

export function employeeRoutes(directory: EmployeeDirectory): Router {
  return Router()
    .get('/api/employees/:id', async (req, res, next) => {
      try {
        res.json({ employee: await directory.lookup(actorOf(req), req.params.id) });
      } catch (error) {
        next(error);
      }
    })
    .post('/api/admin/employees/sync', async (req, res, next) => {
      try {
        if (!hasRole(actorOf(req), 'admin')) throw forbidden('only admins start the employee sync');
        res.json(await directory.sync(req.query.deactivateMissing === 'true'));
      } catch (error) {
        next(error);
      }
    });
}
