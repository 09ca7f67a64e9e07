// Every table admins manage through /api/admin/<path>.
import type { Database } from '../../infra/db';
import { calendarsResource } from './calendars';
import { departmentsResource } from './departments';
import { employeesResource } from './employees';
import type { AdminResource } from './resource';
import type { EmployeeDirectory } from '../people/employeeDirectory';
import { servicesResource } from './services';
import { slaContractsResource } from './slaContracts';
import { assetsResource } from './assets';
import { routingRulesResource } from './routingRules';
import { problemTypesResource } from './problemTypes';
import { articlesResource } from './articles';

export const adminResources = (db: Database, directory: EmployeeDirectory): AdminResource[] => [
  departmentsResource(db),
  servicesResource(db),
  slaContractsResource(db),
  calendarsResource(db),
  employeesResource(db, directory),
  assetsResource(db),
  routingRulesResource(db),
  problemTypesResource(db),
  articlesResource(db),
];
