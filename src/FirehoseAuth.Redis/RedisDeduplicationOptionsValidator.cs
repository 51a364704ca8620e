using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FirehoseAuth.Redis;

/// <summary>Validates <c>FirehoseAuth:Deduplication:Redis</c> at start-up. Messages never quote the connection string.</summary>
internal sealed class RedisDeduplicationOptionsValidator : IValidateOptions<RedisDeduplicationOptions>
{
    private const string Section = RedisDeduplicationOptions.SectionName + ":";

    private readonly IServiceProviderIsService? _isService;

    public RedisDeduplicationOptionsValidator(IServiceProvider serviceProvider)
        => _isService = serviceProvider.GetService<IServiceProviderIsService>();

    public ValidateOptionsResult Validate(string? name, RedisDeduplicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            if (_isService?.IsService(typeof(IConnectionMultiplexer)) != true)
            {
                failures.Add($"{Section}{nameof(options.Configuration)} is not set and no IConnectionMultiplexer is registered; set it to a StackExchange.Redis connection string such as localhost:6379.");
            }
        }
        else if (!RedisConnection.TryParse(options.Configuration, out _))
        {
            failures.Add($"{Section}{nameof(options.Configuration)} is not a StackExchange.Redis connection string (such as host:6379,password=…,ssl=true).");
        }

        if (options.KeyPrefix is null)
        {
            failures.Add($"{Section}{nameof(options.KeyPrefix)} must not be null; the default is firehoseauth:dedupe:.");
        }

        if (options.Database < -1)
        {
            failures.Add($"{Section}{nameof(options.Database)} is {options.Database}; it must be -1 (the connection's default) or a database number.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
