using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace SmtpShield.Configuration;

/// <summary>
/// Binds a section key by key so that every unknown key and every value that does not convert is
/// reported with its full path, instead of the binder stopping at the first one.
/// </summary>
internal static class SectionBinder
{
    public static void CollectErrors(IConfiguration section, Type optionsType, string path, List<string> errors, List<string> badKeys)
    {
        if (section is IConfigurationSection { Value: { Length: > 0 } plain })
        {
            errors.Add($"{path}: expected a section ({{ ... }}), got '{plain}'");
            badKeys.Add(path);
            return;
        }

        Dictionary<string, PropertyInfo> properties = optionsType
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite || IsCollection(p.PropertyType))
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (IConfigurationSection child in section.GetChildren())
        {
            string key = $"{path}:{child.Key}";
            if (!properties.TryGetValue(child.Key, out PropertyInfo? property))
            {
                string known = string.Join(", ", properties.Keys.Order(StringComparer.Ordinal));
                errors.Add($"{key}: unknown key (known: {known})");
                badKeys.Add(key);
                continue;
            }

            CollectValueErrors(child, property.PropertyType, key, errors, badKeys);
        }
    }

    /// <summary>Checks one value, list or nested object against its type.</summary>
    /// <remarks>Keys whose values cannot be used are added to <paramref name="badKeys"/>, so the rules of
    /// the rest of the section can still be checked without them.</remarks>
    public static void CollectValueErrors(IConfigurationSection value, Type type, string key, List<string> errors, List<string> badKeys)
    {
        Type? element = ElementType(type);
        if (element is not null)
        {
            if (value.Value is { Length: > 0 } plain)
            {
                errors.Add($"{key}: expected a list ([ ... ]), got '{plain}'");
                badKeys.Add(key);
                return;
            }

            foreach (IConfigurationSection item in value.GetChildren())
            {
                CollectValueErrors(item, element, $"{key}:{item.Key}", errors, badKeys);
            }

            return;
        }

        if (IsComplex(type))
        {
            CollectErrors(value, type, key, errors, badKeys);
            return;
        }

        try
        {
            _ = value.Get(type);
        }
        catch (InvalidOperationException)
        {
            errors.Add($"{key}: '{value.Value}' is not {FriendlyName(Nullable.GetUnderlyingType(type) ?? type)}");
            badKeys.Add(key);
        }
    }

    private static bool IsCollection(Type type) => ElementType(type) is not null;

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && s_listTypes.Contains(type.GetGenericTypeDefinition()) ? type.GetGenericArguments()[0]
        : null;

    private static readonly Type[] s_listTypes = [typeof(List<>), typeof(IList<>), typeof(ICollection<>), typeof(IReadOnlyList<>), typeof(IEnumerable<>)];

    private static bool IsComplex(Type type) =>
        type.IsClass && type != typeof(string);

    private static string FriendlyName(Type type) => type switch
    {
        _ when type == typeof(TimeSpan) => "a duration ([d.]hh:mm:ss)",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(double) => "a number",
        _ when type.IsEnum => $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ => $"a {type.Name}",
    };
}
