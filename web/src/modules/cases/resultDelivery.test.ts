import { describe, expect, it } from 'vitest'
import { describeResultDelivery, pickupPoints, resultDeliveryInput, townsOf, blankResultDelivery, type ServicePointDto } from './resultDelivery'

const point = (code: string, name: string, level: ServicePointDto['level']): ServicePointDto =>
  ({ code, name, level, parentCode: null, address: null, openingHours: null, hotline: null })

const points = [
  point('350505-C', '泉港区行政服务中心', 'district'),
  point('350505001', '山腰街道便民服务中心', 'town'),
  point('350505100', '南埔镇便民服务中心', 'town'),
  point('350505100201', '肖厝村便民服务站', 'village'),
]

const tr = { t: (key: string, named: Record<string, unknown>) => `${key}:${JSON.stringify(named)}`, te: () => true }

describe('result delivery', () => {
  it('offers the kiosk’s own point first, the district and town centres, and no other village station', () => {
    expect(pickupPoints(points, '350505100').map((p) => p.code)).toEqual(['350505100', '350505-C', '350505001'])
    expect(pickupPoints(points, '350505100201').map((p) => p.code)).toEqual(['350505100201', '350505-C', '350505001', '350505100'])
  })

  it('names the towns as people say them', () => {
    expect(townsOf(points)).toEqual([{ code: '350505001', name: '山腰街道' }, { code: '350505100', name: '南埔镇' }])
  })

  it('sends pickup with the chosen point, or none for the receiving one', () => {
    expect(resultDeliveryInput(blankResultDelivery()).servicePointCode).toBeNull()
    expect(resultDeliveryInput({ ...blankResultDelivery(), pointCode: '350505100' })).toMatchObject({ method: 'pickup', servicePointCode: '350505100', address: null })
  })

  it('describes the choice', () => {
    const pickup = { method: 'pickup', servicePointCode: 'x', servicePointName: '南埔镇便民服务中心', openingHours: null, address: null, recipientName: null, recipientMobile: null }
    expect(describeResultDelivery(tr, pickup)).toContain('南埔镇便民服务中心')
    expect(describeResultDelivery(tr, { ...pickup, method: 'express', address: '南埔镇肖厝村 88 号' })).toContain('expressTo')
    expect(describeResultDelivery(tr, null)).toBe('')
  })
})
