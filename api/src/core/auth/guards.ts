import { applyDecorators, createParamDecorator, Injectable, UseGuards, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ApiCookieAuth, ApiBearerAuth } from '@nestjs/swagger';
import type { PlatformRole } from '@sorstars/shared';
import { AppError } from '../errors/app-error.js';
import type { AuthUser } from './auth-user.js';

const STRATEGIES = ['session-cookie', 'bearer'];

const CREDENTIALS_CHECKED = Symbol('credentialsChecked');

/**
 * Whether one of the guards below has read this request's credentials, so that `req.user` says
 * who is asking (undefined: a visitor). On a route without a guard it says nothing either way.
 */
export function credentialsChecked(req: object): boolean {
  return (req as Record<symbol, unknown>)[CREDENTIALS_CHECKED] === true;
}

function markChecked(context: ExecutionContext | undefined): void {
  if (context?.getType() === 'http') (context.switchToHttp().getRequest() as Record<symbol, unknown>)[CREDENTIALS_CHECKED] = true;
}

/** Requires a signed-in caller (session cookie or access token). */
@Injectable()
export class AuthenticatedGuard extends AuthGuard(STRATEGIES) {
  override handleRequest<T>(err: unknown, user: T, _info?: unknown, context?: ExecutionContext): T {
    if (err) throw err;
    if (!user) throw new AppError('UNAUTHENTICATED');
    markChecked(context);
    return user;
  }
}

/** Lets visitors through, but knows who is asking when someone is signed in. */
@Injectable()
export class OptionalAuthGuard extends AuthGuard(STRATEGIES) {
  override handleRequest<T>(err: unknown, user: T, _info?: unknown, context?: ExecutionContext): T {
    if (err) throw err;
    markChecked(context);
    return (user || undefined) as T;
  }
}

/** Requires one of the platform roles. */
export function RolesGuardFor(roles: PlatformRole[]) {
  @Injectable()
  class RolesGuard extends AuthenticatedGuard {
    override async canActivate(context: ExecutionContext): Promise<boolean> {
      await super.canActivate(context);
      const user = context.switchToHttp().getRequest().user as AuthUser;
      if (!roles.some((role) => user.roles.includes(role))) throw new AppError('FORBIDDEN');
      return true;
    }
  }
  return RolesGuard;
}

/** `@Auth()` on a route: signed-in only. `@Auth('admin')`: admins only. */
export function Auth(...roles: PlatformRole[]) {
  const guard = roles.length ? RolesGuardFor(roles) : AuthenticatedGuard;
  return applyDecorators(UseGuards(guard), ApiCookieAuth('sid'), ApiBearerAuth());
}

export function OptionalAuth() {
  return applyDecorators(UseGuards(OptionalAuthGuard));
}

/** The caller, as the guard found them. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser | undefined => {
  return ctx.switchToHttp().getRequest().user;
});
