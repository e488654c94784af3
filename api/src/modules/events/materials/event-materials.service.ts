import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MATERIAL_TITLE_MAX, MATERIALS_PER_EVENT, type EventMaterial } from '@sorstars/shared';
import type { AuthUser } from '../../../core/auth/auth-user.js';
import { AppError } from '../../../core/errors/app-error.js';
import { EventsService } from '../events.service.js';
import { materialTypeOf, safeFileName } from './material-content.js';
import { MaterialFiles } from './material-files.js';
import { EventMaterialsRepository, type MaterialRow } from './event-materials.repository.js';

export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

const toMaterial = (r: MaterialRow): EventMaterial => ({
  id: r.id,
  eventId: r.event_id,
  title: r.title,
  fileName: r.file_name,
  contentType: r.content_type,
  sizeBytes: r.size_bytes,
  agenda: r.is_agenda,
  createdAt: r.created_at.toISOString(),
  url: `/api/events/${r.event_id}/materials/${r.id}`,
});

/**
 * Agenda and materials of an event. Everyone who may see the event may read them; those who
 * manage the event (its organisation's staff, or a space's hosts) add and remove them. To anyone
 * else the management routes answer as if the event were not there.
 */
@Injectable()
export class EventMaterialsService {
  constructor(
    private readonly events: EventsService,
    private readonly repo: EventMaterialsRepository,
    private readonly files: MaterialFiles,
  ) {}

  /** For other modules (the event report): the event's materials, no access check. */
  async list(eventId: string): Promise<EventMaterial[]> {
    return (await this.repo.list(eventId)).map(toMaterial);
  }

  async listFor(user: AuthUser | undefined, eventId: string): Promise<{ items: EventMaterial[]; canManage: boolean }> {
    const { row, manage } = await this.events.access(user, eventId);
    return { items: await this.list(row.id), canManage: manage };
  }

  async upload(user: AuthUser, eventId: string, file: UploadedFile | undefined, fields: { title?: string; agenda?: string }): Promise<EventMaterial> {
    const row = await this.events.managing(user, eventId);
    if (!file || file.size === 0) throw new AppError('VALIDATION_FAILED', [{ path: 'file', message: 'validation.required' }]);
    const type = await materialTypeOf(file.buffer, file.originalname);
    if (!type) throw new AppError('MATERIAL_TYPE_REFUSED', [{ path: 'file', message: 'validation.fileType' }]);
    const fileName = safeFileName(file.originalname, type);
    const id = randomUUID();
    const material = {
      event_id: row.id,
      uploaded_by: user.id,
      title: (fields.title || fileName).slice(0, MATERIAL_TITLE_MAX),
      file_name: fileName,
      content_type: type,
      size_bytes: file.size,
      is_agenda: fields.agenda === 'true' || fields.agenda === 'on',
    };
    try {
      // The row and the file stand or fall together: the file is written inside the transaction,
      // and removed again if the transaction does not commit.
      await this.repo.transaction(async (m) => {
        if ((await this.repo.countLocked(m, row.id)) >= MATERIALS_PER_EVENT) {
          throw new AppError('MATERIAL_LIMIT_REACHED', [{ path: 'file', message: 'validation.tooManyFiles' }]);
        }
        await this.repo.insert(m, { id, ...material });
        await this.files.write(row.id, id, file.buffer);
      });
    } catch (err) {
      await this.files.remove(row.id, id);
      throw err;
    }
    return toMaterial((await this.repo.find(row.id, id))!);
  }

  async setAgenda(user: AuthUser, eventId: string, materialId: string, agenda: boolean): Promise<EventMaterial> {
    const row = await this.events.managing(user, eventId);
    await this.material(row.id, materialId);
    await this.repo.transaction((m) => this.repo.setAgenda(m, row.id, materialId, agenda));
    return toMaterial((await this.repo.find(row.id, materialId))!);
  }

  async remove(user: AuthUser, eventId: string, materialId: string): Promise<void> {
    const row = await this.events.managing(user, eventId);
    await this.material(row.id, materialId);
    await this.repo.remove(row.id, materialId);
    await this.files.remove(row.id, materialId);
  }

  /** The file, for whoever may see the event. */
  async download(user: AuthUser | undefined, eventId: string, materialId: string) {
    const { row } = await this.events.access(user, eventId);
    const material = await this.material(row.id, materialId);
    if (!(await this.files.exists(row.id, material.id))) throw new AppError('MATERIAL_NOT_FOUND');
    return { material: toMaterial(material), stream: this.files.read(row.id, material.id) };
  }

  private async material(eventId: string, id: string): Promise<MaterialRow> {
    const found = await this.repo.find(eventId, id);
    if (!found) throw new AppError('MATERIAL_NOT_FOUND');
    return found;
  }
}
