import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { MATERIAL_MAX_BYTES, updateMaterialSchema, uploadMaterialFieldsSchema } from '@sorstars/shared';
import { Auth, CurrentUser, OptionalAuth } from '../../../core/auth/guards.js';
import type { AuthUser } from '../../../core/auth/auth-user.js';
import { AppError } from '../../../core/errors/app-error.js';
import { AcceptsUpload } from '../../../core/security/accepts-upload.js';
import { jsonSchema } from '../../../core/validation/openapi.js';
import { ZodPipe } from '../../../core/validation/zod.pipe.js';
import { EventMaterialsService, type UploadedFile as File } from './event-materials.service.js';
import { MaterialUploadInterceptor } from './upload.interceptor.js';

const eventUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('EVENT_NOT_FOUND') });
const materialUuid = new ParseUUIDPipe({ exceptionFactory: () => new AppError('MATERIAL_NOT_FOUND') });

@ApiTags('events')
@Controller('events/:id/materials')
export class EventMaterialsController {
  constructor(private readonly materials: EventMaterialsService) {}

  @Get()
  @OptionalAuth()
  list(@CurrentUser() user: AuthUser | undefined, @Param('id', eventUuid) id: string) {
    return this.materials.listFor(user, id);
  }

  @Post()
  @Auth()
  @AcceptsUpload()
  @UseInterceptors(MaterialUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: `PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, PNG, JPEG or plain text; at most ${MATERIAL_MAX_BYTES} bytes` },
        title: { type: 'string', maxLength: 200 },
        agenda: { type: 'string', enum: ['true', 'false'] },
      },
    },
  })
  upload(
    @CurrentUser() user: AuthUser,
    @Param('id', eventUuid) id: string,
    @UploadedFile() file: File | undefined,
    @Body(new ZodPipe(uploadMaterialFieldsSchema)) fields: z.output<typeof uploadMaterialFieldsSchema>,
  ) {
    return this.materials.upload(user, id, file, fields);
  }

  /**
   * The file itself, only ever as a download: never rendered by the browser on our origin, never
   * sniffed into another type, and sandboxed should anything open it anyway.
   */
  @Get(':materialId')
  @OptionalAuth()
  async download(
    @CurrentUser() user: AuthUser | undefined,
    @Param('id', eventUuid) id: string,
    @Param('materialId', materialUuid) materialId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { material, stream } = await this.materials.download(user, id, materialId);
    res.attachment(material.fileName);
    res.set({
      'Content-Type': material.contentType,
      'Content-Length': String(material.sizeBytes),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    return new StreamableFile(stream);
  }

  @Patch(':materialId')
  @Auth()
  @ApiBody(jsonSchema(updateMaterialSchema))
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', eventUuid) id: string,
    @Param('materialId', materialUuid) materialId: string,
    @Body(new ZodPipe(updateMaterialSchema)) body: z.output<typeof updateMaterialSchema>,
  ) {
    return this.materials.setAgenda(user, id, materialId, body.agenda);
  }

  @Delete(':materialId')
  @HttpCode(204)
  @Auth()
  remove(@CurrentUser() user: AuthUser, @Param('id', eventUuid) id: string, @Param('materialId', materialUuid) materialId: string) {
    return this.materials.remove(user, id, materialId);
  }
}
