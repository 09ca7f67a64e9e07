// A row another one points at, as views name it (a department, a service): its code and name.
import { z } from 'zod';

export const refSchema = z.object({ code: z.string(), name: z.string() });
