import { http, unwrap } from '../../api/client'
import type { components } from '../../api/schema'
import { readDeviceToken } from '../kiosks/deviceToken'

export type QueueBoard = components['schemas']['QueueBoardDto']
export type TicketTaken = components['schemas']['TicketTakenDto']
export type Priority = 'elderly' | 'disabled' | 'military'

export const PRIORITIES: Priority[] = ['elderly', 'disabled', 'military']

/** How long a taken ticket stays on screen before the machine is ready for the next person. */
export const TICKET_SHOWN_MS = 15_000

/** The board names the point's categories with the people waiting in each: the ticket page's buttons. */
export function getBoard(servicePointCode: string, signal?: AbortSignal): Promise<QueueBoard> {
  return unwrap(http.GET('/api/queue/{servicePointCode}/board', { params: { path: { servicePointCode } }, signal }), (e) => e.status === 404)
}

/**
 * 取号. On an enrolled kiosk (the hall's ticket machine) the device token goes along, so the per-network limit does
 * not hold it back (docs/queue.md); anywhere else the ticket is taken anonymously.
 */
export function takeTicket(servicePointCode: string, category: string, priority: Priority | null): Promise<TicketTaken> {
  const device = readDeviceToken()
  return unwrap(
    http.POST('/api/queue/tickets', {
      body: { servicePointCode, category, priority, itemCode: null },
      headers: device ? { 'X-Kiosk-Device': device } : undefined,
    }),
    true, // shown on the page, large, rather than as a toast
  )
}

/** The keys of the check-in keypad: the characters of an appointment number (YY + yyMMdd + six of 2-9, A-Z without I, O). */
export const APPOINTMENT_KEYS = [...'0123456789ABCDEFGHJKLMNPQRSTUVWXYZ']

/** 预约签到: a ticket with the appointment number from the booking SMS; its number starts with Y. */
export function checkIn(servicePointCode: string, appointmentNumber: string): Promise<TicketTaken> {
  const device = readDeviceToken()
  return unwrap(
    http.POST('/api/queue/tickets', {
      body: { servicePointCode, appointmentNumber, category: null, priority: null, itemCode: null },
      headers: device ? { 'X-Kiosk-Device': device } : undefined,
    }),
    true,
  )
}
