using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Appointments;
using Tongban.Modules.Catalog;
using Tongban.Modules.Identity;

namespace Tongban.Modules.Queue;

/// <summary>priority: elderly | disabled | military (绿色通道). category wins over itemCode; neither is 综合 (A);
/// appointmentNumber is 签到: a booking of today at this point, which gives the item (and so the category) itself.</summary>
internal sealed record TakeTicketRequest(string? ServicePointCode, string? ItemCode, string? Category, string? Priority, string? AppointmentNumber = null);

internal sealed record TicketTakenDto(long Id, string TicketNumber, string Category, string CategoryName, string? Priority, int WaitingAhead, string Status,
    string? AppointmentNumber = null, string? SlotStart = null, string? SlotEnd = null);

/// <summary>
/// POST /api/queue/tickets — 取号 at the ticket machine (/hall/{point}/take). Anonymous, as a ticket machine is; a
/// network that is not an enrolled kiosk takes at most a few per minute (docs/queue.md says why).
/// </summary>
internal static class TakeTicket
{
    public static readonly string[] Priorities = ["elderly", "disabled", "military"];

    /// <summary>The prefix of check-in tickets (预约), numbered per point and day apart from the categories' letters.</summary>
    public const string AppointmentPrefix = "Y";

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/queue/tickets", Handle).AllowAnonymous().WithTags("Queue")
            .Produces<TicketTakenDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(409).ProducesProblem(429)
            .WithName("TakeQueueTicket").WithSummary("取号");

    internal static async Task<IResult> Handle(TakeTicketRequest request, HttpContext http, TongbanDb db, TimeProvider clock, IOptions<QueueOptions> options, QueueBoardSignal signal, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Required("servicePointCode", request.ServicePointCode, "服务点");
        if (request.Priority is not null && !Priorities.Contains(request.Priority, StringComparer.Ordinal))
            errors.Add("priority", "优先类别只能是 elderly（老年人）、disabled（残疾人）或 military（军人）");
        if (errors.Any) return errors.ToResult();
        var pointCode = request.ServicePointCode!.Trim();
        var categories = await QueueCategories.ForPointAsync(db, pointCode, ct);
        if (categories.Count == 0) return errors.Add("servicePointCode", "该服务点不存在或没有叫号窗口").ToResult();

        var day = ChinaTime.Today(clock);
        Appointment? appointment = null;
        QueueCategory? category;
        if (request.AppointmentNumber is { Length: > 0 } appointmentNumber)
        {
            appointment = await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Number == appointmentNumber.Trim(), ct);
            if (appointment is null) return errors.Add("appointmentNumber", "预约号不存在，请核对短信中的预约号").ToResult();
            if (appointment.ServicePointCode != pointCode) return errors.Add("appointmentNumber", "该预约不是在本服务点办理的").ToResult();
            if (appointment.Date != day) return errors.Add("appointmentNumber", $"该预约的日期是 {appointment.Date:yyyy年M月d日}，不是今天").ToResult();
            if (appointment.Status == AppointmentStatus.CheckedIn)
                return Problems.Conflict("queue.already_checked_in", "已签到", "该预约已签到取号，请留意大厅叫号屏。");
            if (appointment.Status != AppointmentStatus.Booked || BookAppointment.AtChina(appointment.Date, appointment.End) <= clock.GetUtcNow())
                return Problems.Conflict("queue.appointment_not_open", "预约不可签到", "该预约已取消或预约时段已过，请直接取号。");
            var department = await db.ItemVersions.AsNoTracking().Where(i => i.Code == appointment.ItemCode).OrderByDescending(i => i.Status == ItemVersionStatus.Published)
                .Select(i => i.DepartmentCode).FirstOrDefaultAsync(ct);
            category = (department is null ? null : QueueCategories.ForDepartment(categories, department)) ?? categories[0];
        }
        else if (request.Category is { Length: > 0 } letter)
        {
            category = categories.FirstOrDefault(c => string.Equals(c.Letter, letter.Trim(), StringComparison.OrdinalIgnoreCase));
            if (category is null) return errors.Add("category", $"该服务点的业务类别为 {string.Join("、", categories.Select(c => c.Letter + " " + c.Name))}").ToResult();
        }
        else if (request.ItemCode is { Length: > 0 } itemCode)
        {
            var department = await db.ItemVersions.AsNoTracking().Where(i => i.Code == itemCode && i.Status == ItemVersionStatus.Published)
                .Select(i => i.DepartmentCode).FirstOrDefaultAsync(ct);
            if (department is null) return errors.Add("itemCode", "事项不存在或未发布").ToResult();
            category = QueueCategories.ForDepartment(categories, department) ?? categories[0];
        }
        else category = categories.FirstOrDefault(c => c.Letter == QueueCategories.General) ?? categories[0];

        var now = clock.GetUtcNow();
        // An enrolled kiosk is the hall's own ticket machine; anyone else (a phone, a page left open) is limited per network.
        var takenFrom = http.User.HasClaim(c => c.Type == TongbanClaims.KioskCode) ? null : StaffLoginThrottling.AddressKey(http.Connection.RemoteIpAddress);
        if (takenFrom is not null)
        {
            var since = now.AddMinutes(-1);
            var recent = await db.Set<QueueTicket>().CountAsync(t => t.TakenFrom == takenFrom && t.IssuedAt > since, ct);
            if (recent >= options.Value.TicketsPerAddressPerMinute)
            {
                http.Response.Headers.RetryAfter = "60";
                return Problems.Of(StatusCodes.Status429TooManyRequests, "queue.too_many_tickets", "取号过于频繁",
                    $"同一网络每分钟最多取 {options.Value.TicketsPerAddressPerMinute} 个号，请稍后再试或到大厅取号机取号。");
            }
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (appointment is not null)
        {
            // One conditional UPDATE: of two check-ins with one appointment at the same moment, only one finds it booked.
            var checkedIn = await db.Set<Appointment>().Where(a => a.Id == appointment.Id && a.Status == AppointmentStatus.Booked)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AppointmentStatus.CheckedIn).SetProperty(a => a.CheckedInAt, now), ct);
            if (checkedIn == 0) return Problems.Conflict("queue.already_checked_in", "已签到", "该预约已签到取号，请留意大厅叫号屏。");
        }
        var prefix = appointment is null ? category.Letter : AppointmentPrefix;
        var number = await NextNumberAsync(db, pointCode, day, prefix, ct);
        var rank = request.Priority is null ? 1 : 0;
        var ticket = new QueueTicket
        {
            ServicePointCode = pointCode, Day = day, Category = category.Letter, Number = number,
            TicketNumber = prefix + number.ToString("D3", CultureInfo.InvariantCulture),
            ItemCode = appointment?.ItemCode ?? (request.ItemCode is { Length: > 0 } ? request.ItemCode : null), Priority = request.Priority, PriorityRank = rank,
            AppointmentNumber = appointment?.Number, SlotStartsAt = appointment is null ? null : BookAppointment.AtChina(appointment.Date, appointment.Start),
            Status = TicketStatus.Waiting, IssuedAt = now, TakenFrom = takenFrom,
        };
        db.Add(ticket);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        signal.Publish();

        var ahead = await db.Set<QueueTicket>().CountAsync(t => t.ServicePointCode == pointCode && t.Day == day && t.Status == TicketStatus.Waiting
            && t.TransferredToWindowCode == null && t.Category == category.Letter
            && (t.PriorityRank < rank || (t.PriorityRank == rank && (t.IssuedAt < now || (t.IssuedAt == now && t.Id < ticket.Id)))), ct);
        return TypedResults.Created($"/api/queue/tickets/{ticket.Id}",
            new TicketTakenDto(ticket.Id, ticket.TicketNumber, category.Letter, category.Name, ticket.Priority, ahead, "waiting",
                appointment?.Number, appointment?.Start.ToString("HH:mm", CultureInfo.InvariantCulture), appointment?.End.ToString("HH:mm", CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// The next number of the point's category today. One statement that inserts the day's counter or raises it: the row
    /// lock (PostgreSQL) or the write lock (SQLite) makes two tickets taken at the same moment get different numbers.
    /// </summary>
    private static async Task<int> NextNumberAsync(TongbanDb db, string pointCode, DateOnly day, string category, CancellationToken ct)
    {
        var numbers = await db.Database.SqlQuery<int>($"""
            INSERT INTO queue_number_counters (service_point_code, day, category, last_number) VALUES ({pointCode}, {day}, {category}, 1)
            ON CONFLICT (service_point_code, day, category) DO UPDATE SET last_number = queue_number_counters.last_number + 1
            RETURNING last_number AS "Value"
            """).ToListAsync(ct);
        return numbers[0];
    }
}
