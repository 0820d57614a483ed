using Tongban.Infrastructure;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Hosting;

// Wiring only: the modules are listed in Infrastructure/TongbanApp.cs, the command-line commands in TongbanCommands.cs.
var builder = WebApplication.CreateBuilder(ContentRoot.Options(args));
builder.AddTongban();
var command = TongbanCommands.Find(args);
command?.Configure?.Invoke(builder, args);
var app = builder.Build();

try
{
    if (command is not null)
    {
        Environment.ExitCode = await command.RunAsync(app.Services, args);
        return;
    }

    await app.UseTongbanAsync();
    await app.RunAsync();
}
catch (SchemaTooNewException e)
{
    // An operator's mistake, not a crash: one clear line and a distinct exit code (systemd does not restart on it).
    await Console.Error.WriteLineAsync(e.Message);
    Environment.ExitCode = SchemaTooNewException.ExitCode;
}
