import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { i18n } from './i18n'
import { useCitizen } from './modules/citizen/store'
import { useAuth } from './modules/identity/store'

declare module 'vue-router' {
  interface RouteMeta {
    titleKey?: string
    requiresAuth?: boolean
    /** Shown without the site header and footer (the big screen). */
    fullScreen?: boolean
    /** A citizen (群众) login is needed: 我的 and the online application. */
    requiresCitizen?: boolean
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'portal', component: () => import('./modules/catalog/PortalHome.vue'), meta: { titleKey: 'portal.title' } },
  { path: '/items/:code', name: 'guide', component: () => import('./modules/catalog/ServiceGuide.vue'), meta: { titleKey: 'guide.title' } },
  {
    path: '/items/:code/apply',
    name: 'apply',
    component: () => import('./modules/citizen/ApplyWizard.vue'),
    meta: { titleKey: 'citizen.apply.title', requiresCitizen: true },
  },
  { path: '/me/login', name: 'citizen-login', component: () => import('./modules/citizen/CitizenLogin.vue'), meta: { titleKey: 'citizen.login.title' } },
  { path: '/me', redirect: '/me/cases' },
  { path: '/me/cases', name: 'my-cases', component: () => import('./modules/citizen/MyCases.vue'), meta: { titleKey: 'citizen.me.cases', requiresCitizen: true } },
  {
    path: '/me/cases/:caseNumber',
    name: 'my-case',
    component: () => import('./modules/citizen/MyCaseDetail.vue'),
    meta: { titleKey: 'citizen.case.title', requiresCitizen: true },
  },
  { path: '/me/materials', name: 'my-materials', component: () => import('./modules/citizen/MyMaterials.vue'), meta: { titleKey: 'citizen.me.materials', requiresCitizen: true } },
  {
    path: '/me/certificates',
    name: 'my-certificates',
    component: () => import('./modules/certificates/MyCertificates.vue'),
    meta: { titleKey: 'certificates.mine.title', requiresCitizen: true },
  },
  { path: '/verify', name: 'verify-file', component: () => import('./modules/certificates/VerifyPage.vue'), meta: { titleKey: 'certificates.verify.title' } },
  { path: '/verify/:identifier', name: 'verify', component: () => import('./modules/certificates/VerifyPage.vue'), meta: { titleKey: 'certificates.verify.title' } },
  { path: '/me/drafts', name: 'my-drafts', component: () => import('./modules/citizen/MyDrafts.vue'), meta: { titleKey: 'citizen.me.drafts', requiresCitizen: true } },
  {
    path: '/me/appointments',
    name: 'my-appointments',
    component: () => import('./modules/appointments/MyAppointments.vue'),
    meta: { titleKey: 'citizen.me.appointments', requiresCitizen: true },
  },
  {
    path: '/me/interactions',
    name: 'my-interactions',
    component: () => import('./modules/interaction/MyInteractions.vue'),
    meta: { titleKey: 'interaction.mine.title', requiresCitizen: true },
  },
  {
    path: '/appointments/book',
    name: 'book-appointment',
    component: () => import('./modules/appointments/BookAppointment.vue'),
    meta: { titleKey: 'appointments.book.title', requiresCitizen: true },
  },
  { path: '/service-points/:code', name: 'service-point', component: () => import('./modules/appointments/ServicePointPage.vue'), meta: { titleKey: 'appointments.point.title' } },
  // 办件查询 without login (the receipt's QR opens it with ?no=&code=), 投诉建议, and the reply SMS's link.
  { path: '/query', name: 'query', component: () => import('./modules/interaction/QueryCase.vue'), meta: { titleKey: 'interaction.query.title' } },
  { path: '/complaints/new', name: 'complaint', component: () => import('./modules/interaction/ComplaintPage.vue'), meta: { titleKey: 'interaction.complaint.title' } },
  { path: '/feedback/:number', name: 'feedback', component: () => import('./modules/interaction/FeedbackPage.vue'), meta: { titleKey: 'interaction.feedback.title' } },
  { path: '/login', name: 'login', component: () => import('./modules/identity/LoginPage.vue'), meta: { titleKey: 'auth.loginTitle' } },
  {
    path: '/workbench',
    component: () => import('./modules/workbench/WorkbenchLayout.vue'),
    meta: { requiresAuth: true, titleKey: 'workbench.title' },
    children: [
      { path: '', name: 'workbench', component: () => import('./modules/workbench/WorkbenchOverview.vue') },
      { path: 'todo', name: 'workbench-todo', component: () => import('./modules/workbench/CaseQueue.vue'), meta: { titleKey: 'workbench.menu.todo' } },
      { path: 'accept', name: 'workbench-new-case', component: () => import('./modules/workbench/NewCase.vue'), meta: { titleKey: 'workbench.newCase.title' } },
      { path: 'cases/:caseNumber', name: 'workbench-case', component: () => import('./modules/workbench/CaseDetail.vue'), meta: { titleKey: 'workbench.menu.cases' } },
      { path: 'supervision', name: 'workbench-supervision', component: () => import('./modules/supervision/SupervisionBoard.vue'), meta: { titleKey: 'workbench.menu.supervision' } },
      { path: 'rectifications', name: 'workbench-rectifications', component: () => import('./modules/rectification/RectificationPage.vue'), meta: { titleKey: 'rectification.title' } },
      { path: 'consultations', name: 'workbench-consultations', component: () => import('./modules/interaction/ConsultationDesk.vue'), meta: { titleKey: 'workbench.menu.consultations' } },
      { path: 'complaints', name: 'workbench-complaints', component: () => import('./modules/interaction/ComplaintDesk.vue'), meta: { titleKey: 'workbench.menu.complaints' } },
      { path: 'catalog', name: 'workbench-catalog', component: () => import('./modules/catalog/CatalogAdmin.vue'), meta: { titleKey: 'catalogAdmin.title' } },
      { path: 'sms', name: 'workbench-sms', component: () => import('./modules/workbench/SmsAdmin.vue'), meta: { titleKey: 'workbench.menu.sms' } },
      { path: 'hours', name: 'workbench-hours', component: () => import('./modules/appointments/OpeningHoursAdmin.vue'), meta: { titleKey: 'workbench.menu.hours' } },
      { path: 'certificates/import', name: 'workbench-certificate-import', component: () => import('./modules/certificates/CertificateImport.vue'), meta: { titleKey: 'certificates.import.title' } },
      { path: 'kiosks', name: 'workbench-kiosks', component: () => import('./modules/kiosks/KioskDevices.vue'), meta: { titleKey: 'kiosk.admin.title' } },
      { path: 'stats', name: 'workbench-stats', component: () => import('./modules/analytics/StatsPage.vue'), meta: { titleKey: 'stats.title' } },
    ],
  },
  // Full screen: a kiosk shows no site header or links out of the journey.
  { path: '/kiosk', name: 'kiosk', component: () => import('./modules/kiosks/KioskHome.vue'), meta: { titleKey: 'kiosk.title', fullScreen: true } },
  // The hall display (叫号屏) for a TV: anonymous, full screen, live, spoken.
  { path: '/hall/:point', name: 'hall', component: () => import('./modules/queue/HallDisplay.vue'), props: true, meta: { titleKey: 'queue.hall.title', fullScreen: true } },
  // The hall's ticket machine (取号机): anonymous, full screen, touch.
  { path: '/hall/:point/take', name: 'hall-take', component: () => import('./modules/queue/TicketTake.vue'), props: true, meta: { titleKey: 'queue.take.title', fullScreen: true } },
  { path: '/screen', name: 'screen', component: () => import('./modules/analytics/ScreenHome.vue'), meta: { titleKey: 'screen.title', requiresAuth: true, fullScreen: true } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./components/NotFound.vue'), meta: { titleKey: 'errors.notFoundTitle' } },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior(to, from, saved) {
    if (saved) return saved
    if (to.path === from.path) return false
    return { top: 0 }
  },
})

router.beforeEach(async (to) => {
  if (to.matched.some((r) => r.meta.requiresCitizen)) {
    const citizen = useCitizen()
    await citizen.restore()
    return citizen.isLoggedIn ? true : { path: '/me/login', query: { redirect: to.fullPath } }
  }
  if (!to.matched.some((r) => r.meta.requiresAuth)) return true
  const auth = useAuth()
  await auth.restore()
  if (auth.isLoggedIn) return true
  return { path: '/login', query: { redirect: to.fullPath } }
})

/** Only same-site paths are followed after login (no open redirect). */
export function safeRedirect(v: unknown, fallback = '/workbench'): string {
  return typeof v === 'string' && v.startsWith('/') && !v.startsWith('//') && !v.startsWith('/\\') ? v : fallback
}

export function pageTitle(titleKey: string | undefined): string {
  const site = i18n.global.t('app.siteName')
  return titleKey ? `${i18n.global.t(titleKey)} - ${site}` : site
}
