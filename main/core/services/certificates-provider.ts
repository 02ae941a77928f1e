import { createHash } from 'node:crypto';
import { isoNow } from '../clock';
import { AppError } from '../errors';
import type { ProviderUpdate } from '../../contract/certificate-schemas';
import { logoTypeOf } from '../../contract/certificate-schemas';
import type { ProviderSettings } from '../../contract/types';
import type { AuditLog } from './audit';
import type { ServiceContext } from './context';
import type { SettingsStore } from './settings';

const KEY = 'provider';

interface StoredProvider extends ProviderSettings {
  /** sha256 of the logo bytes, printed into each certificate's hashed content. */
  logoSha256: string | null;
}

/** The course provider's details (not personal data), kept in the settings table as one JSON value. */
export class ProviderService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly settings: SettingsStore,
    private readonly audit: AuditLog,
  ) {}

  get(): ProviderSettings | null {
    const stored = this.stored();
    if (!stored) return null;
    const { logoSha256: _hash, ...provider } = stored;
    return provider;
  }

  /** The provider a certificate needs, or PROVIDER_MISSING. */
  require(): StoredProvider {
    const stored = this.stored();
    if (!stored) throw new AppError('PROVIDER_MISSING');
    return stored;
  }

  update(input: ProviderUpdate): ProviderSettings {
    const before = this.stored();
    let logo = before?.logo ?? null;
    let logoSha256 = before?.logoSha256 ?? null;
    if (input.logo !== undefined) {
      logo = input.logo && { mimeType: logoTypeOf(input.logo.base64) ?? 'image/png', base64: input.logo.base64 };
      logoSha256 = logo && createHash('sha256').update(Buffer.from(logo.base64, 'base64')).digest('hex');
    }
    const next: StoredProvider = {
      name: input.name,
      address: { street: input.street, postalCode: input.postalCode, city: input.city },
      organisationNumber: input.organisationNumber,
      logo,
      logoSha256,
      updatedAt: isoNow(this.ctx.clock),
    };
    const changed = [
      before?.name !== next.name && 'name',
      JSON.stringify(before?.address) !== JSON.stringify(next.address) && 'address',
      before?.organisationNumber !== next.organisationNumber && 'organisationNumber',
      (before?.logoSha256 ?? null) !== next.logoSha256 && 'logo',
    ].filter((field): field is string => typeof field === 'string');
    this.ctx.db.transaction(() => {
      this.settings.set(KEY, JSON.stringify(next));
      this.audit.record({ action: 'settings', entity: 'settings', entityId: KEY, fields: changed });
    })();
    return this.get()!;
  }

  /** The logo as a data URI for the PDF renderer, or null. */
  logoDataUri(provider: StoredProvider): string | null {
    return provider.logo ? `data:${provider.logo.mimeType};base64,${provider.logo.base64}` : null;
  }

  /**
   * The logo a certificate was issued with, as a data URI, if it is still the
   * provider's logo; null otherwise (a reprint never shows a different logo).
   */
  logoMatching(sha256: string | null): string | null {
    const stored = this.stored();
    return stored && sha256 !== null && stored.logoSha256 === sha256 ? this.logoDataUri(stored) : null;
  }

  private stored(): StoredProvider | null {
    const raw = this.settings.get(KEY);
    return raw ? (JSON.parse(raw) as StoredProvider) : null;
  }
}
