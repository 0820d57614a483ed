import { buildUrl, http, unwrap } from '../../api/client'
import type { components } from '../../api/schema'

type Schemas = components['schemas']
export type OpeningDay = Schemas['OpeningDay']
export type Slot = Schemas['SlotDto']
export type Appointment = Schemas['AppointmentDto']
export type AppointmentPage = Schemas['PagedOfAppointmentDto']
export type ServicePoint = Schemas['ServicePointDto']

export function getOpeningHours(code: string, from?: string, to?: string, signal?: AbortSignal): Promise<OpeningDay[]> {
  return unwrap(http.GET('/api/service-points/{code}/hours', { params: { path: { code }, query: { from, to } }, signal }))
}

export function listServicePoints(level?: string): Promise<ServicePoint[]> {
  return unwrap(http.GET('/api/service-points', { params: { query: { level } } }))
}

export function listSlots(servicePoint: string, item: string, date: string, signal?: AbortSignal): Promise<Slot[]> {
  return unwrap(http.GET('/api/appointments/slots', { params: { query: { servicePoint, item, date } }, signal }), (e) => e.status === 409)
}

/** 409s (full, barred, too many, closed) are shown by the page next to the slots. */
export function book(servicePointCode: string, itemCode: string, date: string, start: string): Promise<Appointment> {
  return unwrap(http.POST('/api/appointments', { body: { servicePointCode, itemCode, date, start } }), (e) => e.status === 409)
}

export function move(appointmentNumber: string, date: string, start: string): Promise<Appointment> {
  return unwrap(http.POST('/api/appointments/{appointmentNumber}/move', { params: { path: { appointmentNumber } }, body: { date, start } }), (e) => e.status === 409)
}

export function cancel(appointmentNumber: string): Promise<Appointment> {
  return unwrap(http.POST('/api/appointments/{appointmentNumber}/cancel', { params: { path: { appointmentNumber } } }))
}

export function listMyAppointments(page: number, pageSize: number): Promise<AppointmentPage> {
  return unwrap(http.GET('/api/me/appointments', { params: { query: { page, pageSize } } }))
}

export function calendarFileUrl(appointmentNumber: string): string {
  return buildUrl(`/api/appointments/${encodeURIComponent(appointmentNumber)}/appointment.ics`)
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** "3月3日 周二" from "2026-03-03" (the date is a Beijing date; read as such, not through the browser's zone). */
export function dayLabel(date: string, locale: string): string {
  const [y, m, d] = date.split('-').map(Number)
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay()
  if (locale.startsWith('zh')) return `${m}月${d}日 周${WEEKDAYS[weekday]}`
  return `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][weekday]} ${m}/${d}`
}

export function periodsText(day: OpeningDay): string {
  return day.periods.map((p) => `${p.start}-${p.end}`).join('，')
}
