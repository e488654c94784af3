import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { Auth, CurrentUser } from '../../core/auth/guards.js';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { ZodPipe } from '../../core/validation/zod.pipe.js';
import { HsdsRateLimitGuard } from './hsds-http.js';
import { HsdsImportService } from './hsds-import.service.js';
import { hsdsListQuerySchema, type HsdsListQuery } from './hsds-page.js';
import { HsdsService } from './hsds.service.js';

/** The HSDS profile Sorstárs follows: the core 3.1 specification, plus `x_` extension fields. */
export const HSDS_PROFILE = 'https://docs.openreferral.org/en/3.1/';

const idParam = new ZodPipe(z.string().trim().min(1, { error: 'validation.required' }).max(200, { error: 'validation.tooBig' }));
const importQuerySchema = z.object({
  organization_id: z.string().trim().min(1).max(200, { error: 'validation.tooBig' }).optional(),
  default_category: z.string().trim().min(1).max(100, { error: 'validation.tooBig' }).optional(),
});

const LIST_QUERY = ['search', 'page', 'per_page', 'taxonomy_term_id', 'taxonomy_id', 'organization_id', 'modified_after'] as const;
function ListQuery(extra: readonly string[] = []) {
  const names = [...LIST_QUERY, ...extra];
  return (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
    for (const name of names) ApiQuery({ name, required: false, type: name === 'page' || name === 'per_page' ? Number : String })(target, key, descriptor);
  };
}

/**
 * Open Referral HSDS 3.1 (https://docs.openreferral.org): the directory for other tools to read.
 * Public, `Access-Control-Allow-Origin: *`, rate-limited per address; lists use HSDS's Page.
 */
@ApiTags('hsds')
@Controller('hsds')
@UseGuards(HsdsRateLimitGuard)
export class HsdsController {
  constructor(
    private readonly hsds: HsdsService,
    private readonly imports: HsdsImportService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'HSDS version, profile and where the OpenAPI document is' })
  root(@Req() req: Request) {
    return { version: '3.1', profile: HSDS_PROFILE, openapi_url: `${req.protocol}://${req.get('host')}/api/docs.json` };
  }

  @Get('services')
  @ApiOperation({ summary: 'Services (Sorstárs resources), paged; filters combine with AND' })
  @ListQuery(['minimal'])
  services(@Query(new ZodPipe(hsdsListQuerySchema)) q: HsdsListQuery) {
    return this.hsds.services(q);
  }

  @Get('services/:id')
  @ApiOperation({ summary: 'One service with its organisation, locations, schedules, languages, phones and attributes' })
  service(@Param('id', idParam) id: string) {
    return this.hsds.service(id);
  }

  @Get('organizations')
  @ListQuery()
  organizations(@Query(new ZodPipe(hsdsListQuerySchema)) q: HsdsListQuery) {
    return this.hsds.organizations(q);
  }

  @Get('organizations/:id')
  organization(@Param('id', idParam) id: string) {
    return this.hsds.organization(id);
  }

  @Get('service_at_locations')
  @ListQuery()
  serviceAtLocations(@Query(new ZodPipe(hsdsListQuerySchema)) q: HsdsListQuery) {
    return this.hsds.serviceAtLocationList(q);
  }

  @Get('service_at_locations/:id')
  serviceAtLocation(@Param('id', idParam) id: string) {
    return this.hsds.serviceAtLocation(id);
  }

  @Get('taxonomies')
  @ListQuery()
  taxonomies(@Query(new ZodPipe(hsdsListQuerySchema)) q: HsdsListQuery) {
    return this.hsds.taxonomies(q);
  }

  @Get('taxonomies/:id')
  taxonomy(@Param('id', idParam) id: string) {
    return this.hsds.taxonomy(id);
  }

  @Get('taxonomy_terms')
  @ListQuery(['parent_id', 'top_only'])
  taxonomyTerms(@Query(new ZodPipe(hsdsListQuerySchema)) q: HsdsListQuery) {
    return this.hsds.taxonomyTerms(q);
  }

  @Get('taxonomy_terms/:id')
  taxonomyTerm(@Param('id', idParam) id: string) {
    return this.hsds.taxonomyTerm(id);
  }

  @Post('import')
  @HttpCode(200)
  @Auth()
  @ApiOperation({ summary: 'Import HSDS services or organizations (one, an array, or a Page with contents); up to 10 MB' })
  @ApiQuery({ name: 'organization_id', required: false, description: 'The organisation to import services into (its id or HSDS id)' })
  @ApiQuery({ name: 'default_category', required: false, description: 'Category code for services whose attributes name none of ours' })
  @ApiBody({ schema: { oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }] } })
  import(@CurrentUser() user: AuthUser, @Query(new ZodPipe(importQuerySchema)) q: z.output<typeof importQuerySchema>, @Body() body: unknown) {
    return this.imports.importBody(user, body, { organizationId: q.organization_id, defaultCategory: q.default_category });
  }
}
