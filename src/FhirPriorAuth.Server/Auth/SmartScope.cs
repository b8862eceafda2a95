namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// A SMART <c>system/</c> scope: resource type (or *) and the permissions it grants as v2 letters (c r u d s).
/// v1 spellings map onto v2: read = rs, write = cud, * = cruds.
/// </summary>
public sealed record SmartScope(string ResourceType, string Permissions)
{
    private const string AllPermissions = "cruds";

    public static SmartScope? TryParse(string text)
    {
        if (!text.StartsWith("system/", StringComparison.Ordinal))
            return null;
        var body = text["system/".Length..];
        var dot = body.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == body.Length - 1)
            return null;
        var type = body[..dot];
        var access = body[(dot + 1)..];
        // v2 allows search constraints after '?'; we grant the unconstrained scope only.
        if (access.Contains('?', StringComparison.Ordinal) || (type != "*" && !type.All(char.IsAsciiLetter)))
            return null;
        var permissions = access switch
        {
            "read" => "rs",
            "write" => "cud",
            "*" => AllPermissions,
            _ when IsV2(access) => access,
            _ => null,
        };
        return permissions is null ? null : new SmartScope(type, permissions);
    }

    /// <summary>True when this scope allows everything <paramref name="other"/> allows.</summary>
    public bool Covers(SmartScope other) =>
        (ResourceType == "*" || ResourceType == other.ResourceType) && other.Permissions.All(Permissions.Contains);

    public static IEnumerable<SmartScope> ParseList(string? list) =>
        (list ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(TryParse).OfType<SmartScope>();

    public override string ToString() => $"system/{ResourceType}.{Permissions}";

    // v2 letters must appear at most once and in c-r-u-d-s order.
    private static bool IsV2(string access)
    {
        var last = -1;
        foreach (var letter in access)
        {
            var at = AllPermissions.IndexOf(letter, StringComparison.Ordinal);
            if (at <= last)
                return false;
            last = at;
        }
        return access.Length > 0;
    }
}
