using System.Globalization;

namespace Mlp.Data;

/// <summary>Resolves --target, --features and --ignore against a header.</summary>
internal static class ColumnSelection
{
    public static string Target(string[] headers, string? target, string file)
    {
        if (target is null)
        {
            return headers[^1];
        }
        if (headers.Contains(target, StringComparer.Ordinal))
        {
            return target;
        }
        if (
            int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && index < headers.Length
        )
        {
            return headers[index];
        }
        throw Unknown("target", target, headers, file);
    }

    public static string[] Features(
        string[] headers,
        string target,
        DataOptions options,
        string file
    )
    {
        foreach (
            var name in options.Ignore.Concat(options.Categorical).Concat(options.Features ?? [])
        )
        {
            if (!headers.Contains(name, StringComparer.Ordinal))
            {
                throw Unknown("feature", name, headers, file);
            }
        }
        if (options.Ignore.Contains(target))
        {
            throw new InvalidSettingException(
                nameof(DataOptions.Ignore),
                "",
                $"names \"{target}\", the target column"
            );
        }
        if (options.Features?.Contains(target) == true)
        {
            throw new InvalidSettingException(
                nameof(DataOptions.Features),
                "",
                $"names \"{target}\", the target column"
            );
        }
        string? weight = options.SampleWeight;
        if (weight is not null)
        {
            if (!headers.Contains(weight, StringComparer.Ordinal))
            {
                throw Unknown("sample weight", weight, headers, file);
            }
            if (weight == target || options.Features?.Contains(weight) == true)
            {
                throw new InvalidSettingException(
                    nameof(DataOptions.SampleWeight),
                    "",
                    $"names \"{weight}\", which is also {(weight == target ? "the target" : "one of the features")}",
                    "the weight column weighs the rows; it is neither a feature nor the target"
                );
            }
        }
        var chosen = options.Features ?? headers.Where(h => h != target).ToList();
        var features = chosen
            .Where(h => h != target && h != weight && !options.Ignore.Contains(h))
            .Distinct()
            .ToArray();
        if (features.Length == 0)
        {
            throw new MlpException(
                "no feature columns are left to train on",
                new ErrorPlace(file, 1),
                "check --features and --ignore"
            );
        }
        return features;
    }

    private static MlpException Unknown(string what, string name, string[] headers, string file)
    {
        string? closest = TextList.Closest(name, headers);
        return new MlpException(
            $"unknown {what} column \"{name}\"",
            new ErrorPlace(file, 1),
            closest is null
                ? $"the columns are: {TextList.Of(headers)}"
                : $"did you mean \"{closest}\"? the columns are: {TextList.Of(headers)}"
        );
    }
}
