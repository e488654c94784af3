import { z } from 'zod';

/**
 * zod probes `new Function` when a schema is defined, to decide whether to compile its parsers.
 * Under the Content-Security-Policy (no 'unsafe-eval') the browser refuses the probe and reports
 * it as a violation, so zod is told not to try. root.tsx imports this module first: the root
 * route is evaluated before any other module that defines a schema.
 */
z.config({ jitless: true });
