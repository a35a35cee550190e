using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerStream.ServiceDefaults.State;

/// <summary>Start-up checks of the directories where services keep local state (RocksDB stores, checkpoints).</summary>
public static class StateDirectoryValidation
{
    /// <summary>
    /// Checks, with the other validations of <typeparamref name="TOptions"/> (so at start-up when the options
    /// are registered with <c>ValidateOnStart</c>), that the directory <paramref name="directory"/> returns can
    /// be created and written through the registered <see cref="IDirectoryAccess"/> (by default this machine's
    /// file system).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="settingName">The setting as an operator writes it, e.g. <c>Aggregator:StateDirectory</c>.</param>
    /// <param name="directory">Reads the configured directory from the options.</param>
    public static IServiceCollection AddStateDirectoryValidation<TOptions>(
        this IServiceCollection services, string settingName, Func<TOptions, string> directory) where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(settingName);
        ArgumentNullException.ThrowIfNull(directory);
        services.TryAddSingleton<IDirectoryAccess, LocalDirectoryAccess>();
        services.AddSingleton<IValidateOptions<TOptions>>(provider =>
            new StateDirectoryValidator<TOptions>(provider.GetRequiredService<IDirectoryAccess>(), settingName, directory));
        return services;
    }
}
