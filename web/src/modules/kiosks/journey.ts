import { reactive } from 'vue'
import type { ScannedPage } from './bridge'
import { blankResultDelivery, type ResultDeliveryForm, type ServicePointDto } from '../cases/resultDelivery'
import type { ConvenienceRun, ConvenienceService, KioskCategory, KioskGuide, KioskItem, KioskReceipt, KioskReusableRequirement, KioskSession } from './api'

export type KioskStage = 'idle' | 'refused' | 'choose' | 'certificates' | 'materials' | 'confirm' | 'receipt'

/**
 * Everything a citizen's visit holds, in memory only (never localStorage, sessionStorage or a cache):
 * resetJourney() puts it all back so the next person at the kiosk finds nothing of the last.
 */
export interface KioskJourney {
  stage: KioskStage
  session: KioskSession | null
  refusal: string
  query: string
  category: string
  items: KioskItem[]
  services: ConvenienceService[]
  categories: KioskCategory[]
  /** typed on the screen for the SMS about the case */
  mobile: string
  /** 结果领取方式: pickup at a point (the kiosk's own by default) or express to the address typed here */
  delivery: ResultDeliveryForm
  /** service points and towns to choose from (public data, loaded at the confirm screen) */
  points: ServicePointDto[]
  item: KioskItem | null
  requirements: KioskReusableRequirement[]
  /** the chosen item's guide: time limit, fee, how to bring each material */
  guide: KioskGuide | null
  /** requirementCode → the library material chosen for it */
  reused: Record<string, number>
  /** requirementCode → the ID card on the reader stands in for it (no scan) */
  cardRead: Record<string, boolean>
  /** requirementCode → the pages scanned for it */
  scanned: Record<string, ScannedPage[]>
  receipt: KioskReceipt | null
  receiptPdf: Blob | null
  /** the last convenience service run for this person (its fields are their data) */
  serviceRun: ConvenienceRun | null
  elderMode: boolean
  idleWarning: boolean
  touches: number
}

function blank(): KioskJourney {
  return {
    stage: 'idle',
    session: null,
    refusal: '',
    query: '',
    category: '',
    items: [],
    services: [],
    categories: [],
    mobile: '',
    delivery: blankResultDelivery(),
    points: [],
    item: null,
    requirements: [],
    guide: null,
    reused: {},
    cardRead: {},
    scanned: {},
    receipt: null,
    receiptPdf: null,
    serviceRun: null,
    elderMode: false,
    idleWarning: false,
    touches: 0,
  }
}

export function createJourney(): KioskJourney {
  return reactive(blank()) as KioskJourney
}

/** Clears the visit in place (components keep their reference). */
export function resetJourney(journey: KioskJourney): void {
  Object.assign(journey, blank())
}

/** True when the visit holds nothing of a person: what the next one must find. */
export function isBlank(journey: KioskJourney): boolean {
  const b = blank()
  return JSON.stringify({ ...journey, touches: 0 }) === JSON.stringify({ ...b, touches: 0 })
}
