using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Appointments;

/// <summary>
/// Bookings are the portal's (the phone, the 公众号 H5): a card session at a kiosk, or a citizen without a portal
/// account, is refused with 403, so a kiosk leaves no booking of the card's person behind for the next one to change.
/// </summary>
internal static class CitizenOnPhone
{
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        CitizenActor.From(context.HttpContext.User) is { Id: > 0, Kiosk: null }
            ? await next(context)
            : Problems.Of(StatusCodes.Status403Forbidden, "appointment.phone_only", "请在手机上预约", "预约、改约和取消请登录网上办事大厅或微信公众号办理，自助终端上不能操作。");
}
