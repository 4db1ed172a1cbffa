import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { HttpError } from '../http/errors';
import type { FeaturePlugin } from '../http/feature';
import { findUpdateFile } from './files';

// GET /updates/<file> (server-api.md, "Desktop updates"): the workstations' electron-updater
// (generic provider) follows the office's version from here. Open without signing in: see
// decisions.md, "Desktop updates from the office server".

const NOT_FOUND = new HttpError(404, 'update_not_found', 'Fichier de mise à jour introuvable.');
const NONE_PUBLISHED = new HttpError(404, 'no_updates', 'Ce serveur du bureau ne publie aucune mise à jour (UPDATES_DIR n’est pas défini).');

export const updatesFeature: FeaturePlugin = {
  name: 'updates',
  register(app, { config }) {
    const folder = config.updatesDir === null ? null : resolve(config.updatesDir);
    // GET answers HEAD too (Fastify's exposeHeadRoutes).
    app.get<{ Params: { file: string } }>('/updates/:file', async (request, reply) => {
      if (folder === null) throw NONE_PUBLISHED;
      const file = await findUpdateFile(folder, request.params.file);
      if (file === null) throw NOT_FOUND;
      reply.headers({
        'content-type': file.contentType,
        'content-length': String(file.size),
        'x-content-type-options': 'nosniff',
        'cache-control': file.cacheable ? 'public, max-age=86400' : 'no-cache',
      });
      return reply.send(createReadStream(file.path));
    });
    app.get('/updates', async () => {
      throw folder === null ? NONE_PUBLISHED : NOT_FOUND;
    });
  },
};
