import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CreateOrganizationInput, CreateResourceInput } from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { ResourcesService, toLocationWrite } from '../resources/resources.service.js';

/**
 * Imports write through the organisations' and resources' own services (the same preparation,
 * history and "never marks as checked" rule as every other change), inside the import's
 * transaction for the record. An import replaces the whole record, like a form saved with every
 * field. Permissions are the import's to check before it calls these.
 */
@Injectable()
export class HsdsWriter {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly resources: ResourcesService,
  ) {}

  organization(actor: AuthUser, hsdsId: string, input: CreateOrganizationInput, m: EntityManager): Promise<{ id: string; created: boolean }> {
    return this.organizations.writeImported(m, actor.id, hsdsId, input);
  }

  /** Many services of one import at once; answers each one's id, in order. */
  services(actor: AuthUser, items: { hsdsId: string; input: CreateResourceInput; locationHsdsIds: (string | null)[] }[], m: EntityManager): Promise<{ id: string; created: boolean }[]> {
    return this.resources.writeImportedMany(
      m,
      actor.id,
      items.map(({ hsdsId, input, locationHsdsIds }) => ({
        organizationId: input.organizationId,
        hsdsId,
        input,
        locations: input.locations.map((l, i) => ({ ...toLocationWrite(l), hsdsId: locationHsdsIds[i] ?? null })),
      })),
    );
  }
}
