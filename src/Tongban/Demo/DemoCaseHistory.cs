using Tongban.Infrastructure.Security;
using System.Globalization;
using System.Text.Json;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Modules.Audit;
using Tongban.Modules.Calendar;
using Tongban.Modules.Cases;
using Tongban.Modules.Cases.Changes;
using Tongban.Modules.Catalog;
using Tongban.Modules.Identity;
using Tongban.Modules.Organization;
using Tongban.Modules.Validation;

namespace Tongban.Demo;

/// <summary>What the demo history produced (for the start-up log).</summary>
/// <summary>A planned history, ready to be written (possibly in the background after the server starts).</summary>
internal sealed record DemoHistoryJob(DemoCaseHistory.Builder Builder, IReadOnlyList<DemoCaseHistory.Plan> Plans, AuditKey AuditKey, DateTimeOffset Now);

internal sealed record DemoHistoryResult(int Cases, int Skipped, IReadOnlyDictionary<CaseStatus, int> ByStatus, IReadOnlyDictionary<ApplicationChannel, int> ByChannel);

/// <summary>
/// About six months of demo case history (the seed: "共受理群众事项3850多件"), built
/// through the same domain methods the API uses (CaseProcess.cs), so steps, clock events, correction
/// notices, due dates, AwaitingRole and audit entries are consistent. Each case is planned as a time
/// line of actions; every action dated before "now" is carried out, so recent cases stop midway and
/// the queues hold open cases in every status. Deterministic: one seeded <see cref="Random"/>, times
/// from the injected clock. Rules: docs/demo-data.md § Case history.
/// </summary>
internal static partial class DemoCaseHistory
{
    public const int CaseCount = 4000;
    public const int Seed = 20171117; // the seed's 运营 start date
    // Small chunks: on SQLite each chunk holds the write lock, and live requests wait behind it.
    private const int ChunkSize = 100;
    private const int WorkMinutesPerDay = 390; // 8:30–12:00 and 14:30–17:30

    /// <summary>
    /// Plans the history (in memory, deterministic) and reserves its case numbers, so numbers handed
    /// to live submissions never collide with history still being written.
    /// </summary>
    public static DemoHistoryJob Prepare(TongbanDb db, AuditKey auditKey, TimeProvider clock,
        IReadOnlyList<ServicePoint> points, IReadOnlyList<ServiceWindow> windows, IReadOnlyList<Kiosk> kiosks,
        IReadOnlyList<Department> departments, IReadOnlyList<ServiceItemVersion> items, IReadOnlyList<StaffUser> staff)
    {
        var now = clock.GetUtcNow();
        var builder = new Builder(now, points, windows, kiosks, departments, items, staff);
        var plans = builder.PlanSubmissions();
        var lastNumber = new Dictionary<int, long>();
        foreach (var plan in plans) lastNumber[plan.Year] = Math.Max(lastNumber.GetValueOrDefault(plan.Year), plan.Sequence);
        // New submissions continue each year's sequence after the history.
        foreach (var (year, last) in lastNumber)
            db.CaseNumberBlocks.Add(new CaseNumberBlock { RegionCode = DemoOrganization.RegionCode, Year = year, LastAllocated = last });
        return new DemoHistoryJob(builder, plans, auditKey, now);
    }

    /// <summary>Writes the planned cases through the domain methods, a chunk per transaction.</summary>
    public static async Task<DemoHistoryResult> WriteAsync(TongbanDb db, DemoHistoryJob job, CancellationToken ct)
    {
        var historyClock = new HistoryClock(job.Now);
        var trail = new AuditTrail(job.AuditKey, historyClock);
        var byStatus = new Dictionary<CaseStatus, int>();
        var byChannel = new Dictionary<ApplicationChannel, int>();
        var skipped = 0;
        var created = 0;
        var ratings = new DemoRatings(job.Now);
        var rectifications = new DemoRectifications(job.Now, BusinessCalendar.FromOfficialData());
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var chunk in job.Plans.Chunk(ChunkSize))
        {
            var cases = new List<Case>(chunk.Length);
            var evaluations = new List<Modules.Evaluation.CaseEvaluation>();
            var orders = new List<Modules.Evaluation.Rectification.RectificationOrder>();
            foreach (var plan in chunk)
            {
                var built = job.Builder.Run(plan);
                if (built is null)
                {
                    skipped++;
                    continue;
                }
                var (c, audits) = built.Value;
                cases.Add(c);
                byStatus[c.Status] = byStatus.GetValueOrDefault(c.Status) + 1;
                byChannel[c.Channel] = byChannel.GetValueOrDefault(c.Channel) + 1;
                // A new stream's head, tracked up front, spares AppendAsync a look-up per case (same chain: genesis, sequence 0).
                db.AuditStreamHeads.Add(new AuditStreamHead { Stream = AuditStreams.Case(c.Number), LastSequence = 0, LastHash = AuditHashing.Genesis });
                foreach (var (at, e) in audits)
                {
                    historyClock.Now = at;
                    await trail.AppendAsync(db, e, ct);
                }
                if (ratings.Rate(c) is { } rated)
                {
                    evaluations.Add(rated.Evaluation);
                    historyClock.Now = rated.At;
                    await trail.AppendAsync(db, rated.Audit, ct);
                    if (await OpenRectificationAsync(db, rectifications, rated.Evaluation, trail, historyClock, ct) is { } order) orders.Add(order);
                }
            }
            db.Cases.AddRange(cases);
            db.Evaluations.AddRange(evaluations);
            db.RectificationOrders.AddRange(orders);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            created += cases.Count;
        }
        return new DemoHistoryResult(created, skipped, byStatus, byChannel);
    }

    internal sealed record Plan(int Index, DateTimeOffset SubmittedAt, ApplicationChannel Channel, ServiceItemVersion Item, DemoApplicant Applicant,
        string ServicePointCode, string? WindowCode, Kiosk? Kiosk)
    {
        public int Year { get; set; }
        public long Sequence { get; set; }
        public string Number { get; set; } = "";
    }

    /// <summary>Someone who acts on a case: as recorded on the step, and as recorded in the audit trail.</summary>
    private sealed record Who(CaseActor Actor, AuditActor Audit);

    internal sealed partial class Builder
    {
        private readonly Random _random = new(Seed);
        private readonly BusinessCalendar _calendar = BusinessCalendar.FromOfficialData();
        private readonly DateTimeOffset _now;
        private readonly DateOnly _today;
        private readonly IReadOnlyList<ServicePoint> _points;
        private readonly IReadOnlyList<ServiceWindow> _windows;
        private readonly IReadOnlyList<Kiosk> _kiosks;
        private readonly Dictionary<string, Who> _clerks = [];
        private readonly Dictionary<string, (Who Reviewer, Who Approver)> _handlers = [];
        private readonly Dictionary<ApplicationChannel, (ServiceItemVersion[] Items, double[] Cumulative)> _itemPools = [];
        private readonly List<DemoApplicant> _persons;
        private readonly List<DemoApplicant> _enterprises;
        private readonly string[] _villagePoints;
        private readonly string[] _townPoints;
        private int _terminationsLeft = 2;
        private int _documentSerial;

        public Builder(DateTimeOffset now, IReadOnlyList<ServicePoint> points, IReadOnlyList<ServiceWindow> windows, IReadOnlyList<Kiosk> kiosks,
            IReadOnlyList<Department> departments, IReadOnlyList<ServiceItemVersion> items, IReadOnlyList<StaffUser> staff)
        {
            _now = now;
            _today = ChinaTime.DateOf(now);
            _points = points;
            _windows = windows;
            _kiosks = kiosks;
            (_persons, _enterprises) = DemoApplicants.Pools(_random, _today, 2600, 180);

            foreach (var user in staff)
            {
                var who = Staff(user, user.DepartmentCode ?? user.ServicePointCode ?? DemoOrganization.RegionCode);
                if (user.Roles.Contains(StaffRoles.Clerk) && user.ServicePointCode is { } point) _clerks[point] = who;
            }
            foreach (var department in departments)
            {
                var reviewer = staff.FirstOrDefault(u => u.DepartmentCode == department.Code && u.Roles.Contains(StaffRoles.Reviewer));
                var approver = staff.FirstOrDefault(u => u.DepartmentCode == department.Code && u.Roles.Contains(StaffRoles.Approver));
                // Departments without demo accounts get named handlers with no account (StaffId null).
                _handlers[department.Code] = (
                    reviewer is null ? Synthetic(DemoApplicants.PersonName(_random), department.Code, StaffRoles.Reviewer) : Staff(reviewer, department.Code),
                    approver is null ? Synthetic(DemoApplicants.PersonName(_random), department.Code, StaffRoles.Approver) : Staff(approver, department.Code));
            }

            _townPoints = [.. points.Where(p => p.Level == ServicePointLevel.Town).Select(p => p.Code)];
            // The village with a demo account first, then the first village of every town (代办员 without accounts).
            _villagePoints = [DemoStaff.VillageClerkPoint, .. points.Where(p => p.Level == ServicePointLevel.Village && p.Code != DemoStaff.VillageClerkPoint)
                .GroupBy(p => p.ParentCode).Select(g => g.OrderBy(p => p.Code).First().Code)];
            foreach (var point in points.Where(p => !_clerks.ContainsKey(p.Code)))
                _clerks[point.Code] = Synthetic(DemoApplicants.PersonName(_random), point.Code, StaffRoles.Clerk);

            BuildItemPools(items);
        }

        private static Who Staff(StaffUser user, string organization) =>
            new(new CaseActor(user.Name, user.Id, organization),
                new AuditActor(AuditActor.StaffKind, user.Id.ToString(CultureInfo.InvariantCulture), user.Name, string.Join(',', user.Roles), null, null));

        private static Who Synthetic(string name, string organization, string role) =>
            new(new CaseActor(name, null, organization), new AuditActor(AuditActor.StaffKind, $"demo:{organization}:{role.ToLowerInvariant()}", name, role, null, null));

        /// <summary>Weights: 公共服务 (mostly 即办件) half the traffic, 许可 about a quarter; within a type a few popular items dominate (Zipf-like), so big departments with many items see more cases.</summary>
        private void BuildItemPools(IReadOnlyList<ServiceItemVersion> items)
        {
            // The two kiosk-only items (DemoKioskItems) came after the history was tuned: it has no cases of them.
            items = [.. items.Where(i => !DemoKioskItems.Names.Contains(i.Name))];
            var typeWeight = new Dictionary<ItemType, double>
            {
                [ItemType.PublicService] = 0.50, [ItemType.Licensing] = 0.27, [ItemType.OtherPower] = 0.12, [ItemType.Confirmation] = 0.06,
                [ItemType.Payment] = 0.03, [ItemType.Adjudication] = 0.01, [ItemType.Reward] = 0.01,
            };
            var popularity = new Dictionary<ServiceItemVersion, double>();
            foreach (var group in items.GroupBy(i => i.ItemType))
            {
                var shuffled = group.OrderBy(i => i.Code, StringComparer.Ordinal).ToArray();
                _random.Shuffle(shuffled);
                for (var rank = 0; rank < shuffled.Length; rank++) popularity[shuffled[rank]] = 1.0 / Math.Pow(rank + 1, 0.8);
            }
            foreach (var channel in Enum.GetValues<ApplicationChannel>())
            {
                var flag = channel switch { ApplicationChannel.Window => Channels.Window, ApplicationChannel.Online => Channels.Online, ApplicationChannel.Mobile => Channels.Mobile, _ => Channels.Kiosk };
                // Kiosk cases keep the history's first kiosk mix (the no-visit 公共服务 items): the planned figures, such as the
                // busiest window's decline, were tuned on that random stream; the wider kiosk rule came later (docs/demo-data.md).
                var eligible = items.Where(i => flag == Channels.Kiosk
                        ? i.ItemType == ItemType.PublicService && DemoCatalogRules.IsNoVisitPublicService(i.Name)
                        : i.Channels.HasFlag(flag))
                    .OrderBy(i => i.Code, StringComparer.Ordinal).ToArray();
                var sums = eligible.GroupBy(i => i.ItemType).ToDictionary(g => g.Key, g => g.Sum(i => popularity[i]));
                var cumulative = new double[eligible.Length];
                var total = 0.0;
                for (var i = 0; i < eligible.Length; i++)
                {
                    total += typeWeight.GetValueOrDefault(eligible[i].ItemType, 0.01) * popularity[eligible[i]] / sums[eligible[i].ItemType];
                    cumulative[i] = total;
                }
                _itemPools[channel] = (eligible, cumulative);
            }
        }

        private ServiceItemVersion PickItem(ApplicationChannel channel)
        {
            var (pool, cumulative) = _itemPools[channel];
            var x = _random.NextDouble() * cumulative[^1];
            var i = Array.BinarySearch(cumulative, x);
            return pool[Math.Min(i < 0 ? ~i : i, pool.Length - 1)];
        }

        private bool Chance(double p) => _random.NextDouble() < p;

        private int Between(int min, int maxInclusive) => _random.Next(min, maxInclusive + 1);

        private T Pick<T>(IReadOnlyList<T> list) => list[_random.Next(list.Count)];

        // ---- time ----

        private static DateTimeOffset Beijing(DateOnly day, TimeOnly time) =>
            new DateTimeOffset(day.ToDateTime(time), TimeSpan.FromHours(8)).ToUniversalTime();

        /// <summary>The instant <paramref name="minute"/> working minutes into a working day (8:30–12:00, 14:30–17:30).</summary>
        private static DateTimeOffset AtWorkMinute(DateOnly day, int minute) =>
            Beijing(day, minute < 210 ? new TimeOnly(8, 30).AddMinutes(minute) : new TimeOnly(14, 30).AddMinutes(minute - 210));

        private DateOnly NextWorkingDay(DateOnly day) => _calendar.AddWorkingDays(day, 1);

        /// <summary><paramref name="minutes"/> working minutes after <paramref name="from"/> (staff act only in office hours on working days).</summary>
        private DateTimeOffset Work(DateTimeOffset from, int minutes)
        {
            var local = ChinaTime.ToChina(from);
            var day = DateOnly.FromDateTime(local.DateTime);
            var time = TimeOnly.FromDateTime(local.DateTime);
            int position;
            if (!_calendar.IsWorkingDay(day) || time >= new TimeOnly(17, 30)) { day = NextWorkingDay(day); position = 0; }
            else if (time < new TimeOnly(8, 30)) position = 0;
            else if (time < new TimeOnly(12, 0)) position = (int)(time - new TimeOnly(8, 30)).TotalMinutes;
            else if (time < new TimeOnly(14, 30)) position = 210;
            else position = 210 + (int)(time - new TimeOnly(14, 30)).TotalMinutes;
            position += minutes;
            while (position >= WorkMinutesPerDay)
            {
                position -= WorkMinutesPerDay;
                day = NextWorkingDay(day);
            }
            return AtWorkMinute(day, position);
        }

        /// <summary>A random office-hours moment on the working day <paramref name="offset"/> working days after <paramref name="day"/>, never before <paramref name="after"/>.</summary>
        private DateTimeOffset OnWorkingDay(DateOnly day, int offset, DateTimeOffset after)
        {
            var target = offset == 0 ? day : _calendar.AddWorkingDays(day, offset);
            var at = AtWorkMinute(target, _random.Next(WorkMinutesPerDay));
            return at > after ? at : Work(after, Between(10, 60));
        }

        // ---- submissions ----

        public List<Plan> PlanSubmissions()
        {
            var start = _today.AddMonths(-6);
            var workingDays = new List<DateOnly>();
            var weights = new List<double>();
            for (var d = start; d <= _today; d = d.AddDays(1))
            {
                if (!_calendar.IsWorkingDay(d)) continue;
                workingDays.Add(d);
                var weekday = d.DayOfWeek switch { DayOfWeek.Monday => 1.25, DayOfWeek.Tuesday => 1.1, DayOfWeek.Friday => 0.9, DayOfWeek.Saturday or DayOfWeek.Sunday => 0.8, _ => 1.0 };
                // A gentle upward trend as more people learn of the center.
                weights.Add(weekday * (0.85 + 0.3 * (d.DayNumber - start.DayNumber) / Math.Max(1, _today.DayNumber - start.DayNumber)));
            }
            var cumulative = new double[weights.Count];
            var total = 0.0;
            for (var i = 0; i < weights.Count; i++) cumulative[i] = total += weights[i];
            var span = _today.DayNumber - start.DayNumber + 1;
            var open24 = _kiosks.Where(k => k.Open24Hours).ToList();

            var plans = new List<Plan>(CaseCount);
            while (plans.Count < CaseCount)
            {
                var roll = _random.NextDouble();
                var channel = roll < 0.55 ? ApplicationChannel.Window : roll < 0.80 ? ApplicationChannel.Online : roll < 0.92 ? ApplicationChannel.Mobile : ApplicationChannel.Kiosk;
                DateTimeOffset at;
                Kiosk? kiosk = null;
                if (channel == ApplicationChannel.Kiosk && Chance(0.35))
                {
                    // Bank-lobby and 24-hour-area kiosks: evenings, nights and weekends too (the seed's "24小时不打烊").
                    kiosk = Pick(open24);
                    var day = start.AddDays(_random.Next(span));
                    at = Beijing(day, new TimeOnly(0, 0).AddMinutes(_random.Next(24 * 60)));
                }
                else
                {
                    var i = Array.BinarySearch(cumulative, _random.NextDouble() * total);
                    var day = workingDays[Math.Min(i < 0 ? ~i : i, workingDays.Count - 1)];
                    // Windows follow the center's hours (a morning peak); online and mobile anywhere in 8:30–17:30.
                    at = channel == ApplicationChannel.Window
                        ? AtWorkMinute(day, Chance(0.68) ? _random.Next(210) : 210 + _random.Next(180))
                        : Beijing(day, new TimeOnly(8, 30).AddMinutes(_random.Next(9 * 60)));
                    if (channel == ApplicationChannel.Kiosk) kiosk = Pick(_kiosks);
                }
                if (at >= _now || at < Beijing(start, new TimeOnly(0, 0))) continue;
                at = at.AddSeconds(_random.Next(60));

                var item = PickItem(channel);
                var enterprise = item.ForEnterprises && (!item.ForPersons || Chance(0.25));
                var applicant = enterprise ? Pick(_enterprises) : Pick(_persons);
                var (point, window) = channel switch
                {
                    ApplicationChannel.Window => WindowPoint(item),
                    ApplicationChannel.Kiosk => (kiosk!.ServicePointCode ?? DemoOrganization.DistrictCenterCode, null),
                    // Online applications name where the result is collected: mostly the center, some a town center.
                    _ => (Chance(0.85) ? DemoOrganization.DistrictCenterCode : Pick(_townPoints), (string?)null),
                };
                plans.Add(new Plan(plans.Count, at, channel, item, applicant, point, window, kiosk));
            }

            PlanDecline(plans);
            plans.Sort((a, b) => a.SubmittedAt.CompareTo(b.SubmittedAt) is var c && c != 0 ? c : a.Index.CompareTo(b.Index));
            var sequences = new Dictionary<int, long>();
            foreach (var plan in plans)
            {
                plan.Year = ChinaTime.ToChina(plan.SubmittedAt).Year;
                plan.Sequence = sequences[plan.Year] = sequences.GetValueOrDefault(plan.Year) + 1;
                plan.Number = CaseNumberAllocator.Format(DemoOrganization.RegionCode, plan.Year, plan.Sequence);
            }
            return plans;
        }

        /// <summary>
        /// A real decline for the statistics to find (the seed: "某些窗口的某些事项申办率及办结率有一段时间出现下滑"):
        /// the district center's busiest window lost its clerk for the last two weeks, and nine in ten of its applicants were
        /// served at the general windows (综合受理窗口1–6) instead. The daily decline scan raises the window's alert on the first start.
        /// </summary>
        private void PlanDecline(List<Plan> plans)
        {
            var recentFrom = _today.AddDays(-14);
            var busiest = plans.Where(p => p.WindowCode is not null && p.ServicePointCode == DemoOrganization.DistrictCenterCode && ChinaTime.DateOf(p.SubmittedAt) < recentFrom)
                .GroupBy(p => p.WindowCode!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();
            if (busiest is null) return;
            for (var i = 0; i < plans.Count; i++)
            {
                var p = plans[i];
                var day = ChinaTime.DateOf(p.SubmittedAt);
                if (p.WindowCode != busiest || day < recentFrom || day >= _today || !Chance(0.9)) continue;
                var general = $"{DemoOrganization.DistrictCenterCode}-W{Between(1, 6):D2}";
                plans[i] = p with { WindowCode = general == busiest ? $"{DemoOrganization.DistrictCenterCode}-W{(busiest.EndsWith("01", StringComparison.Ordinal) ? 2 : 1):D2}" : general };
            }
        }

        /// <summary>Window cases: mostly the district center (the department's own window if it has one), some town centers, a few village points.</summary>
        private (string Point, string? Window) WindowPoint(ServiceItemVersion item)
        {
            var roll = _random.NextDouble();
            if (roll < 0.72)
            {
                var dedicated = _windows.FirstOrDefault(w => w.ServicePointCode == DemoOrganization.DistrictCenterCode && w.DepartmentCodes is [var only] && only == item.DepartmentCode);
                var window = dedicated is not null && Chance(0.6) ? dedicated.Code : $"{DemoOrganization.DistrictCenterCode}-W{Between(1, 6):D2}";
                return (DemoOrganization.DistrictCenterCode, window);
            }
            if (roll < 0.94)
            {
                var town = Pick(_townPoints);
                return (town, $"{town}-W{Between(1, 2):D2}");
            }
            var village = Chance(0.6) ? _villagePoints[0] : Pick(_villagePoints);
            return (village, village + "-W01");
        }

    }
}
