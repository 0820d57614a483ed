using Tongban.Infrastructure;

// Wiring only: the modules are listed in Infrastructure/TongbanApp.cs, the command-line commands in TongbanCommands.cs.
var builder = WebApplication.CreateBuilder(args);
builder.AddTongban();
var command = TongbanCommands.Find(args);
command?.Configure?.Invoke(builder, args);
var app = builder.Build();

if (command is not null)
{
    Environment.ExitCode = await command.RunAsync(app.Services, args);
    return;
}

await app.UseTongbanAsync();
await app.RunAsync();
