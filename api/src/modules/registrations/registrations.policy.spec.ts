import { canSeeRegistrations, isExternal, takesRegistrations } from './registrations.policy.js';

describe('registrations policy', () => {
  it.each([
    ['admin', true],
    ['staff', true],
    [null, false],
  ] as const)('org role %s sees registrations: %s', (role, expected) => {
    expect(canSeeRegistrations(role)).toBe(expected);
  });

  it('only public multiplier events of an organisation take registrations', () => {
    expect(takesRegistrations({ kind: 'multiplier', organizationId: 'o', spaceId: null })).toBe(true);
    expect(takesRegistrations({ kind: 'community', organizationId: 'o', spaceId: null })).toBe(false);
    expect(takesRegistrations({ kind: 'multiplier', organizationId: null, spaceId: 's' })).toBe(false);
  });

  it('counts a participant as external unless their organisation is a partner, ignoring case and spacing', () => {
    const partners = ['Utcáról Lakásba Egyesület', 'Novi Sad Youth Centre'];
    expect(isExternal('utcáról  lakásba egyesület ', partners)).toBe(false);
    expect(isExternal('Helt Hjem', partners)).toBe(true);
    expect(isExternal('Anything', [])).toBe(true);
  });
});
