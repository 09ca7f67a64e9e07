// Counts and times every HTTP request by its route pattern (not the raw path).
import type { NextFunction, Request, Response } from 'express';
import { httpDuration, httpRequests } from '../infra/metrics';

export function httpMetrics(req: Request, res: Response, next: NextFunction) {
  const end = httpDuration.startTimer();
  res.on('finish', () => {
    const route = req.route?.path ? String(req.route.path) : req.path.startsWith('/api') ? 'unmatched' : 'web';
    const labels = { method: req.method, route };
    end(labels);
    httpRequests.inc({ ...labels, status: String(res.statusCode) });
  });
  next();
}
