// Imported first by the entry, before shared/schemas.ts builds its schemas: zod reads this
// setting when a schema is created. Without it zod probes `new Function("")`, which a strict
// Content-Security-Policy on the host page reports as a violation even though zod catches it.
import { config } from "zod/mini";

config({ jitless: true });
