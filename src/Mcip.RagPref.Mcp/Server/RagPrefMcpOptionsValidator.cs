using Mcip.RagPref.Guard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mcip.RagPref.Mcp.Server;

/// <summary>Checks at start-up that a guard is registered, the options are in range and the pin file (if any) is readable.</summary>
internal sealed class RagPrefMcpOptionsValidator : IValidateOptions<RagPrefMcpOptions>
{
    private readonly IServiceProviderIsService? _services;

    public RagPrefMcpOptionsValidator(IServiceProviderIsService? services = null)
    {
        _services = services;
    }

    public ValidateOptionsResult Validate(string? name, RagPrefMcpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> problems = [];
        if (_services is not null && !_services.IsService(typeof(IRagPrefGuard)))
        {
            problems.Add(McpToolGuard.NoGuardMessage);
        }

        if (!Enum.IsDefined(options.OnDescriptionChanged))
        {
            problems.Add($"RagPrefMcpOptions.OnDescriptionChanged is {(int)options.OnDescriptionChanged}, which is not a McpDescriptionChangeAction; use Hide or Flag.");
        }

        if (options.PinFilePath is { } path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                problems.Add("RagPrefMcpOptions.PinFilePath is blank; set a file path or leave it null to keep pins in memory.");
            }
            else
            {
                try
                {
                    ToolPinStore.Open(path);
                }
                catch (RagPrefException ex)
                {
                    problems.Add(ex.Message);
                }
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
