/**
 * Reads a tenant's collection (collection-settings.ts) for one contact: calls its GET action and takes
 * the list from the answer, so the admin API can show items that live in the business's own system.
 */
import type { JsonValue } from '../../core/json.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import { executeAction, type ExecuteActionOptions } from './execute-action.ts';
import { HttpActionError } from './http-action-error.ts';
import { parseHttpActionsSettings, type HttpAction } from './settings.ts';

export interface ActionCollection {
  /** The collection's name, which is also its route: `GET /api/v1/tenants/{tenant}/<name>`. */
  name: string;
  action: HttpAction;
  /** The path of the list in the answer; undefined when the answer is the list. */
  items: string | undefined;
}

export type CollectionItem = { [field: string]: JsonValue };

/**
 * The collections a tenant declares under `skillSettings.http-actions.collections`, by name; none when
 * the tenant does not use the http-actions skill.
 */
export function tenantCollections(tenant: TenantConfig): Map<string, ActionCollection> {
  const raw = tenant.skillSettings['http-actions'];
  if (!tenant.skills.includes('http-actions') || raw === undefined) return new Map();
  const settings = parseHttpActionsSettings(raw, `tenant "${tenant.id}": skillSettings.http-actions`);
  return new Map(
    Object.entries(settings.collections).map(([name, collection]) => [
      name,
      {
        name,
        action: settings.actions.find((action) => action.name === collection.action)!,
        items: collection.items,
      },
    ]),
  );
}

/**
 * The collection's items for a contact, as the business's API lists them. Throws an `HttpActionError`
 * when the call fails, or `bad_response` when the answer holds no list of objects where `items` says.
 */
export async function readCollection(
  collection: ActionCollection,
  tenantId: string,
  contact: { phone: string; name: string | null },
  options: ExecuteActionOptions = {},
): Promise<CollectionItem[]> {
  const result = await executeAction(
    collection.action,
    // A collection's action is a GET without slots or conversation placeholders (checked with the
    // settings), so no conversation or turn enters the request and no Idempotency-Key is sent.
    { tenantId, conversationId: '', turnKey: '', contact, slots: {} },
    options,
  );
  const list = listAt(result.answer, collection.items);
  if (!Array.isArray(list) || !list.every(isObject)) {
    const where = collection.items === undefined ? 'the answer' : `field "${collection.items}"`;
    throw new HttpActionError(
      'bad_response',
      `collection "${collection.name}" (action "${collection.action.name}"): ${where} is not a list of objects — check the collection's items path against what the API returns`,
      { attempts: result.attempts, status: result.status },
    );
  }
  return list;
}

function listAt(answer: JsonValue | undefined, path: string | undefined): JsonValue | undefined {
  let current = answer;
  for (const step of path === undefined ? [] : path.split('.')) {
    current = isObject(current) && Object.hasOwn(current, step) ? current[step] : undefined;
  }
  return current;
}

function isObject(value: JsonValue | undefined): value is CollectionItem {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
