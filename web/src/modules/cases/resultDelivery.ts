// 结果领取方式: what the applicant chose at submission (pickup at a service point, or express to an address), in one
// wording for the kiosk, the portal, the applicant's case page and the workbench; and the request the forms send.
import type { Translator } from '../../i18n'

type Schemas = import('../../api/schema').components['schemas']
export type ResultDeliveryDto = Schemas['ResultDeliveryDto']
export type ResultDeliveryInput = Schemas['ResultDeliveryInput']
export type ServicePointDto = Schemas['ServicePointDto']

/** "到南埔镇便民服务中心领取" / "快递送达：南埔镇肖厝村 88 号". */
export function describeResultDelivery(tr: Translator, d: ResultDeliveryDto | null | undefined): string {
  if (!d) return ''
  if (d.method === 'express') return tr.t('resultDelivery.expressTo', { address: d.address ?? '' })
  return tr.t('resultDelivery.pickupAt', { point: d.servicePointName ?? d.servicePointCode ?? '' })
}

/** The district's towns and streets, named as people say them: the town centre "南埔镇便民服务中心" stands for 南埔镇. */
export function townsOf(points: ServicePointDto[]): { code: string; name: string }[] {
  return points.filter((p) => p.level === 'town').map((p) => ({ code: p.code, name: p.name.replace(/便民服务中心$/, '') }))
}

/**
 * Where a result can be collected, the kiosk's own point first, then the district centre and the town centres (village
 * stations are many and part-time: they are not offered on the screen).
 */
export function pickupPoints(points: ServicePointDto[], own?: string | null): ServicePointDto[] {
  const offered = points.filter((p) => p.level !== 'village' || p.code === own)
  const first = offered.filter((p) => p.code === own)
  return [...first, ...offered.filter((p) => p.code !== own)]
}

export interface ResultDeliveryForm {
  method: 'pickup' | 'express'
  /** empty: the receiving point */
  pointCode: string
  town: string
  detail: string
  recipientName: string
  recipientMobile: string
}

export const blankResultDelivery = (): ResultDeliveryForm => ({ method: 'pickup', pointCode: '', town: '', detail: '', recipientName: '', recipientMobile: '' })

/** The body's resultDelivery; empty recipient fields let the server take the applicant's name and mobile. */
export function resultDeliveryInput(f: ResultDeliveryForm): ResultDeliveryInput {
  const blankToNull = (s: string) => (s.trim() ? s.trim() : null)
  if (f.method === 'pickup') return { method: 'pickup', servicePointCode: blankToNull(f.pointCode), address: null, recipientName: null, recipientMobile: null }
  return {
    method: 'express',
    servicePointCode: null,
    address: blankToNull(`${f.town}${f.detail.trim()}`),
    recipientName: blankToNull(f.recipientName),
    recipientMobile: blankToNull(f.recipientMobile),
  }
}
