import fs from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../core/config/config.js';

const UUID = /^[0-9a-f-]{36}$/i;

/**
 * The bytes of events' materials, under DATA_DIR/event-materials/<event id>/<material id>. Names
 * on disk are ids only: nothing a person typed ever reaches a path. A file is written to a
 * temporary name and renamed into place, so a half-written file is never served.
 */
@Injectable()
export class MaterialFiles {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private dirOf(eventId: string): string {
    if (!UUID.test(eventId)) throw new Error('not an event id');
    return path.join(this.config.dataDir, 'event-materials', eventId);
  }

  private fileOf(eventId: string, materialId: string): string {
    if (!UUID.test(materialId)) throw new Error('not a material id');
    return path.join(this.dirOf(eventId), materialId);
  }

  async write(eventId: string, materialId: string, bytes: Buffer): Promise<void> {
    const file = this.fileOf(eventId, materialId);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const partial = `${file}.part`;
    try {
      await fs.writeFile(partial, bytes, { flag: 'wx' });
      await fs.rename(partial, file);
    } catch (err) {
      await fs.rm(partial, { force: true });
      throw err;
    }
  }

  read(eventId: string, materialId: string) {
    return createReadStream(this.fileOf(eventId, materialId));
  }

  async exists(eventId: string, materialId: string): Promise<boolean> {
    return fs.access(this.fileOf(eventId, materialId)).then(() => true, () => false);
  }

  async remove(eventId: string, materialId: string): Promise<void> {
    await fs.rm(this.fileOf(eventId, materialId), { force: true });
  }

  /** Every file of an event, when the event goes. */
  async removeEvent(eventId: string): Promise<void> {
    await fs.rm(this.dirOf(eventId), { recursive: true, force: true });
  }
}
