import { Body, Controller, Delete, Get, Header, HttpCode, Req, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { deleteMeSchema, type DeleteMeInput } from '@sorstars/shared';
import { Auth, CurrentUser } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { jsonSchema } from '../../core/validation/openapi.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { PrivacyService } from './privacy.service.js';

@ApiTags('privacy')
@Controller('me')
@Auth()
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get('export')
  @Header('Content-Disposition', 'attachment; filename="sorstars-export.json"')
  export(@CurrentUser() user: AuthUser) {
    return this.privacy.export(user);
  }

  @Delete()
  @HttpCode(204)
  @ApiBody(jsonSchema(deleteMeSchema))
  remove(@CurrentUser() user: AuthUser, @Body(new ZodPipe(deleteMeSchema)) body: DeleteMeInput, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.privacy.deleteAccount(user, body, req, res);
  }
}
