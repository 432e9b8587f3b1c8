import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { OrquestaError } from '../core/errors.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';

export type Principal =
  | { kind: 'admin' }
  | { kind: 'tenant'; tenantId: string }
  | { kind: 'agent'; tenantId: string; agentId: string };

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The agent a presented token belongs to (from the tenant config or created through the admin API). */
export type AgentTokenResolver = (
  token: string,
) => Promise<{ tenantId: string; agentId: string } | undefined>;

/**
 * Bearer tokens for `/api/v1`: the admin token reaches every tenant; a tenant's token reaches only that
 * tenant; an agent's token reaches the agent inbox routes and the routes that admit agents of its tenant.
 * Admin and tenant tokens are compared by their SHA-256 digests in constant time.
 */
export function createAuthenticator(
  adminToken: string,
  tenants: Iterable<TenantConfig>,
  resolveAgent?: AgentTokenResolver,
) {
  const admin = digest(adminToken);
  const tenantTokens = [...tenants].flatMap((tenant) =>
    tenant.apiToken ? [{ tenantId: tenant.id, digest: digest(tenant.apiToken) }] : [],
  );

  return async function authenticate(request: FastifyRequest): Promise<Principal> {
    const header = request.headers.authorization;
    const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!match?.[1]) {
      throw new OrquestaError('unauthorized', 'missing bearer token — send "Authorization: Bearer <token>"');
    }
    const presented = digest(match[1]);
    if (timingSafeEqual(presented, admin)) return { kind: 'admin' };
    const tenant = tenantTokens.find((candidate) => timingSafeEqual(presented, candidate.digest));
    if (tenant) return { kind: 'tenant', tenantId: tenant.tenantId };
    const agent = await resolveAgent?.(match[1]);
    if (agent) return { kind: 'agent', ...agent };
    throw new OrquestaError(
      'unauthorized',
      'the bearer token is not valid — use the admin token, a tenant token or an agent token',
    );
  };
}

/** Throws unless the request's principal may act on the tenant. */
export function assertTenantAccess(request: FastifyRequest, tenantId: string): void {
  const principal = request.principal;
  if (principal?.kind === 'admin') return;
  if (principal?.kind === 'tenant' && principal.tenantId === tenantId) return;
  throw new OrquestaError(
    'forbidden',
    `this token does not give access to tenant "${tenantId}" — use that tenant's token or the admin token`,
  );
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** The tenant a `/api/v1/tenants/{tenant}/…` route names, after checking the caller may reach it. */
export function requireTenant(
  request: FastifyRequest,
  tenants: ReadonlyMap<string, TenantConfig>,
  tenantId: string,
): TenantConfig {
  assertTenantAccess(request, tenantId);
  const tenant = tenants.get(tenantId);
  if (!tenant)
    throw new OrquestaError(
      'not_found',
      `tenant "${tenantId}" does not exist — check the id in orquesta.yaml`,
    );
  return tenant;
}
