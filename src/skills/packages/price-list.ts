/**
 * What a customer can buy from the business file: each package, and single sessions of the services the
 * bot books that have a price. Free services (the valuation) and services only an advisor books are not
 * sold here.
 */
import { resolve } from 'node:path';
import { OrquestaError } from '../../core/errors.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import {
  assertSameTimezone,
  findService,
  loadBusinessData,
  type BusinessData,
} from '../appointments/business-data.ts';
import type { ItemKind } from './order.ts';

export interface PurchasableItem {
  /** `package:laser-6`, `service:limpieza-facial`: the option id in the purchase flow. */
  key: string;
  kind: ItemKind;
  id: string;
  name: string;
  serviceId: string;
  serviceName: string;
  price: number;
  /** Sessions of one unit: the package's, or 1. */
  sessions: number;
  /** For packages: how long the sessions may be used. */
  validityMonths: number | null;
}

/** The tenant's `business.data` file, read and checked once at start. */
export function loadTenantBusinessData(tenant: TenantConfig, baseDir: string, skill: string): BusinessData {
  const file = tenant.business.data;
  if (typeof file !== 'string' || file.trim() === '') {
    throw new OrquestaError(
      'invalid_config',
      `tenant "${tenant.id}": the ${skill} skill needs business.data — give the path of the business file (negocio.yaml)`,
    );
  }
  const path = resolve(baseDir, file);
  const data = loadBusinessData(path);
  assertSameTimezone(data, tenant.timezone, path);
  return data;
}

/** Packages first, in the file's order, then single sessions. */
export function purchasableItems(data: BusinessData): PurchasableItem[] {
  const packages = data.packages.map((item): PurchasableItem => {
    const service = findService(data, item.serviceId)!;
    return {
      key: `package:${item.id}`,
      kind: 'package',
      id: item.id,
      name: item.name,
      serviceId: service.id,
      serviceName: service.name,
      price: item.price,
      sessions: item.sessions,
      validityMonths: item.validityMonths,
    };
  });
  const sessions = data.services
    .filter((service) => service.bookable && service.price > 0)
    .map((service): PurchasableItem => ({
      key: `service:${service.id}`,
      kind: 'service',
      id: service.id,
      name: service.name,
      serviceId: service.id,
      serviceName: service.name,
      price: service.price,
      sessions: 1,
      validityMonths: null,
    }));
  return [...packages, ...sessions];
}
