using Mlp.Model;

namespace Mlp.Data;

/// <summary>CSV → <see cref="Dataset"/>: column kinds, task and classes, one-hot encoding, missing values.</summary>
internal static class DatasetLoader
{
    /// <summary>Integer targets with at most this many distinct values are classes under --task auto.</summary>
    public const int MaxAutoClasses = 20;

    /// <summary>Reads <paramref name="path"/>; <paramref name="coreFree"/> as in <see cref="RawTable.Read"/>.</summary>
    public static Dataset Load(
        string path,
        DataOptions options,
        Stream? standardInput = null,
        Action? coreFree = null,
        TextWriter? warnings = null,
        CancellationToken cancel = default
    )
    {
        string target = "";
        string[] features = [];
        IReadOnlyCollection<string>? kept = null;
        IReadOnlyCollection<string> Keep(string[] headers)
        {
            string file = CsvSource.DisplayName(path);
            target = ColumnSelection.Target(headers, options.Target, file);
            features = ColumnSelection.Features(headers, target, options, file);
            return options.SampleWeight is string weight
                ? [.. features, target, weight]
                : [.. features, target];
        }
        var categories = options.Categorical.ToHashSet(StringComparer.Ordinal);
        // A second read keeps the same columns, and the target and features chosen after the first.
        RawTable Read(IReadOnlySet<string> textColumns, IReadOnlySet<string>? gapColumns) =>
            RawTable.Read(
                path,
                standardInput,
                headers => kept ??= Keep(headers),
                textColumns,
                coreFree,
                cancel,
                options.Dialect,
                options.FirstRows ?? int.MaxValue,
                gapColumns is null ? warnings : null,
                gapColumns
            );
        // A trailing separator on every line makes a last column without name or values: the
        // default target is then the last real column.
        void TargetBeforeTrailingEmptyColumns(RawTable table)
        {
            if (options.Target is not null)
            {
                return;
            }
            var headers = table.Headers;
            int end = headers.Length;
            while (
                end > 1
                && headers[end - 1] == HeaderNames.Unnamed(end - 1)
                && table.Columns.TryGetValue(headers[end - 1], out var last)
                && last.MissingCount == table.RowCount
            )
            {
                end--;
            }
            if (end < headers.Length)
            {
                target = ColumnSelection.Target(headers[..end], null, table.File);
                features = ColumnSelection.Features(headers[..end], target, options, table.File);
            }
        }
        var table = Read(categories, null);
        TargetBeforeTrailingEmptyColumns(table);
        var mixedRead = MixedColumns.Reading.None;
        if (
            options.Missing == MissingStrategy.Auto
            && standardInput is null
            && path != "-"
            && MixedColumns.Of([.. features, target], table) is { Length: > 0 } mixed
        )
        {
            // Read again, each mixed column as its majority kind: the model is the one the file
            // would give with the minority's cells blank (numbers) or with --categorical (text).
            var mostlyText = mixed.Where(raw => raw.TextCount > raw.NumberCount).ToArray();
            var mostlyNumbers = mixed.Except(mostlyText).ToArray();
            table = Read(
                categories
                    .Union(mostlyText.Select(raw => raw.Name))
                    .ToHashSet(StringComparer.Ordinal),
                mostlyNumbers.Select(raw => raw.Name).ToHashSet(StringComparer.Ordinal)
            );
            MixedColumns.Warn(mostlyNumbers, mostlyText, table, warnings);
            mixedRead = new(
                [.. mostlyNumbers.Select(raw => raw.Name)],
                [.. mostlyText.Select(raw => raw.Name)]
            );
        }
        // The saved index counts the file's rows, so it is found before any row is left out.
        if (options.Features is null)
        {
            features = SavedIndexDropped(features, table, warnings);
        }
        if (options.Missing == MissingStrategy.Auto)
        {
            table = LabelledRows(table, target, warnings);
            features = EmptyColumnsDropped(features, table, warnings);
        }
        var sources = new SourceFeature[features.Length];
        var columns = new List<float[]>();
        var origins = new List<double>();
        var impute = new List<double>();
        bool imputes = options.Missing != MissingStrategy.Error;
        bool auto = options.Missing == MissingStrategy.Auto;
        var gaps = new GapSummary();
        for (int i = 0; i < features.Length; i++)
        {
            var raw = table.Columns[features[i]];
            bool categorical = IsCategorical(raw, table.File);
            bool gapped = raw.MissingCount > 0;
            bool missingCategory = categorical && gapped && (options.MissingCategory || auto);
            bool indicator = !categorical && gapped && auto;
            CheckMissing(raw, table, imputes || missingCategory);
            sources[i] = categorical
                ? new SourceFeature(
                    raw.Name,
                    [
                        .. CategoryGrouping.Kept(
                            raw,
                            options.MinCategoryCount,
                            options.MaxCategories
                        ),
                        .. missingCategory ? [MissingValues.Category] : Array.Empty<string>(),
                    ]
                )
                : new SourceFeature(raw.Name, null, indicator);
            DataWarnings.Check(raw, sources[i], table, warnings);
            if (gapped)
            {
                gaps.Add(raw, categorical);
            }
            double origin = categorical ? 0 : raw.Origin;
            // Without --missing a missing value was an error above (or is its own category): nothing to fill.
            if (categorical)
            {
                var oneHot = OneHot(raw, sources[i].Categories!);
                // A gap at predict time is the (missing) category where the model has one.
                impute.AddRange(
                    missingCategory
                        ?
                        [
                            .. sources[i]
                                .Categories!.Select(c => c == MissingValues.Category ? 1.0 : 0),
                        ]
                    : imputes ? MissingValues.FillCategorical(oneHot, options.Missing)
                    : new double[oneHot.Count]
                );
                columns.AddRange(oneHot);
                origins.AddRange(oneHot.Select(_ => 0.0));
                continue;
            }
            var column = raw.Values.ToArray();
            if (indicator)
            {
                var missing = MissingValues.Indicator(column);
                impute.Add(MissingValues.FillNumeric(column, origin, options.Missing));
                columns.Add(column);
                origins.Add(origin);
                impute.Add(1);
                columns.Add(missing);
                origins.Add(0);
                continue;
            }
            impute.Add(imputes ? MissingValues.FillNumeric(column, origin, options.Missing) : 0);
            columns.Add(column);
            origins.Add(origin);
        }
        if (auto)
        {
            gaps.Warn(table.File, warnings);
        }
        var (task, classes, classesAreNumbers, values) = BuildTarget(
            table.Columns[target],
            table,
            options.Task
        );
        if (options.Positive is string positive)
        {
            (classes, values) = PositiveSecond(task, classes, values, positive);
        }
        var schema = new Schema
        {
            Sources = sources,
            TargetName = target,
            Task = task,
            Classes = classes,
            ClassesAreNumbers = classesAreNumbers,
            Impute = imputes ? impute.ToArray() : null,
        };
        return new Dataset
        {
            Schema = schema,
            Columns = columns.ToArray(),
            Origins = origins.ToArray(),
            Target = values,
            File = table.File,
            Weights = options.SampleWeight is string weightColumn
                ? Weights(table.Columns[weightColumn], table)
                : null,
            Mixed = mixedRead,
        };
    }

    /// <summary>
    /// --missing auto: the table without its rows that have no target value, told in a
    /// warning; the model is then what the file without those rows gives.
    /// </summary>
    private static RawTable LabelledRows(RawTable table, string target, TextWriter? warnings)
    {
        var raw = table.Columns[target];
        if (raw.MissingCount == 0 || raw.MissingCount == table.RowCount)
        {
            return table;
        }
        var values = raw.Values.Span;
        var kept = new List<int>(table.RowCount);
        for (int r = 0; r < values.Length; r++)
        {
            if (!float.IsNaN(values[r]))
            {
                kept.Add(r);
            }
        }
        warnings?.WriteLine(
            $"mlp: warning: {table.RowCount - kept.Count} of {table.RowCount} rows have no target value, so they are left out; --missing error refuses them (first at {new ErrorPlace(table.File, raw.FirstMissingLine, target)})"
        );
        return new RawTable
        {
            File = table.File,
            Headers = table.Headers,
            Columns = table.Columns.ToDictionary(c => c.Key, c => c.Value.Rows([.. kept])),
            RowCount = kept.Count,
        };
    }

    /// <summary>
    /// The features without a saved row index: a column the header leaves unnamed (now
    /// <c>unnamed_1</c>), first in the file, holding 0, 1, 2, … or 1, 2, 3, … down the rows, as
    /// pandas' <c>to_csv()</c> writes its index. It tells the rows apart and nothing else, so it
    /// is left out with a warning.
    /// </summary>
    private static string[] SavedIndexDropped(
        string[] features,
        RawTable table,
        TextWriter? warnings
    )
    {
        string name = HeaderNames.Unnamed(0);
        if (table.Headers[0] != name || !features.Contains(name) || features.Length == 1)
        {
            return features;
        }
        var raw = table.Columns[name];
        var values = raw.NumbersInDouble();
        if (raw.NumberCount != values.Length || values.Length == 0 || values[0] is not (0 or 1))
        {
            return features;
        }
        double first = values[0];
        for (int r = 1; r < values.Length; r++)
        {
            if (values[r] != first + r)
            {
                return features;
            }
        }
        warnings?.WriteLine(
            $"mlp: warning: the unnamed first column counts the rows ({first:0}, {first + 1:0}, …), a saved row index, so it is left out ({table.File}, column \"{name}\")"
        );
        return [.. features.Where(f => f != name)];
    }

    /// <summary>
    /// The features without the columns that hold no value at all, each dropped with a warning
    /// (--missing auto: there is nothing to learn from them, and nothing to fill them with).
    /// </summary>
    private static string[] EmptyColumnsDropped(
        string[] features,
        RawTable table,
        TextWriter? warnings
    )
    {
        var kept = new List<string>(features.Length);
        foreach (string feature in features)
        {
            var raw = table.Columns[feature];
            if (raw.MissingCount < table.RowCount || table.RowCount == 0)
            {
                kept.Add(feature);
                continue;
            }
            warnings?.WriteLine(
                $"mlp: warning: the column has no values, so it is left out ({table.File}, column \"{feature}\")"
            );
        }
        return kept.Count > 0
            ? [.. kept]
            : throw new MlpException(
                "no feature column has a value",
                new ErrorPlace(table.File),
                "the data needs at least one feature column with values"
            );
    }

    /// <summary>The --sample-weight column: numbers ≥ 0 on every row, not all 0.</summary>
    private static float[] Weights(RawColumn raw, RawTable table)
    {
        if (raw.MissingCount > 0)
        {
            SampleWeights.Check(
                0,
                CellKind.Missing,
                "",
                new ErrorPlace(table.File, raw.FirstMissingLine, raw.Name)
            );
        }
        if (raw.TextCount > 0)
        {
            SampleWeights.Check(
                0,
                CellKind.Text,
                raw.FirstText ?? "",
                new ErrorPlace(table.File, raw.FirstTextLine, raw.Name)
            );
        }
        var weights = raw.NumbersInUnits();
        for (int r = 0; r < weights.Length; r++)
        {
            if (!(weights[r] >= 0))
            {
                throw new MlpException(
                    $"sample weight '{Cell.FormatNumber(weights[r])}' on data row {r + 1} is not a number ≥ 0",
                    new ErrorPlace(table.File, 0, raw.Name)
                );
            }
        }
        SampleWeights.CheckTotal(weights, table.File, raw.Name);
        return weights;
    }

    private static void CheckMissing(RawColumn raw, RawTable table, bool impute)
    {
        if (raw.MissingCount == table.RowCount)
        {
            throw new MlpException(
                "the column has no values",
                new ErrorPlace(table.File, 0, raw.Name),
                "drop it with --ignore"
            );
        }
        if (raw.MissingCount > 0 && !impute)
        {
            throw new MlpException(
                "missing value",
                new ErrorPlace(table.File, raw.FirstMissingLine, raw.Name),
                "fill it in, or pass --missing mean, median or most-frequent to impute it (--missing-category makes a categorical column's missing values a category)"
            );
        }
    }

    private static bool IsCategorical(RawColumn raw, string file)
    {
        if (raw.TextCount == 0)
        {
            return false;
        }
        if (raw.NumberCount == 0)
        {
            return true;
        }
        throw MixedColumn(raw, file, $"--categorical {raw.Name} to treat the column as categories");
    }

    /// <summary>The error for a column that holds both numbers and text, at the first value of the rarer kind.</summary>
    private static MlpException MixedColumn(RawColumn raw, string file, string remedy)
    {
        bool mostlyNumbers = raw.NumberCount >= raw.TextCount;
        return mostlyNumbers
            ? new MlpException(
                $"value '{raw.FirstText}' is not a number, but the column holds numbers",
                new ErrorPlace(file, raw.FirstTextLine, raw.Name),
                $"fix the value, or pass {remedy}"
            )
            : new MlpException(
                $"value '{raw.FirstNumberText}' is a number, but the column holds text",
                new ErrorPlace(file, raw.FirstNumberLine, raw.Name),
                $"fix the value, or pass {remedy}"
            );
    }

    /// <summary>
    /// One 0/1 column per category, a text grouped into (other) in its column; a missing value
    /// is NaN in each, or 1 in the missing category's column when the model has one.
    /// </summary>
    private static List<float[]> OneHot(RawColumn raw, string[] categories)
    {
        var position = categories
            .Select((name, k) => (name, k))
            .ToDictionary(c => c.name, c => c.k, StringComparer.Ordinal);
        int other = position.GetValueOrDefault(CategoryGrouping.Other, -1);
        var rank = raw.Texts.Select(text => position.GetValueOrDefault(text, other)).ToArray();
        int missing = position.GetValueOrDefault(MissingValues.Category, -1);
        var values = raw.Values.Span;
        var columns = new List<float[]>(categories.Length);
        for (int c = 0; c < categories.Length; c++)
        {
            var column = new float[values.Length];
            for (int r = 0; r < values.Length; r++)
            {
                int category = float.IsNaN(values[r]) ? missing : rank[(int)values[r]];
                column[r] =
                    category < 0 ? float.NaN
                    : category == c ? 1f
                    : 0f;
            }
            columns.Add(column);
        }
        return columns;
    }

    /// <summary>
    /// --positive: the classes with the named one second (the model's positive class) and the
    /// class indices to match; a usage error for a task that is not binary or a class the
    /// target does not have.
    /// </summary>
    private static (string[] Classes, float[] Values) PositiveSecond(
        TaskKind task,
        string[] classes,
        float[] values,
        string positive
    )
    {
        int at = Schema.PositiveIndex(task, classes, positive, "target");
        return at == 1
            ? (classes, values)
            : ([classes[1], classes[0]], [.. values.Select(v => 1 - v)]);
    }

    private static (TaskKind Task, string[] Classes, bool Numbers, float[] Values) BuildTarget(
        RawColumn raw,
        RawTable table,
        TaskKind? requested
    )
    {
        if (raw.MissingCount == raw.Values.Count && raw.MissingCount > 0)
        {
            throw new MlpException(
                "the target column has no values",
                new ErrorPlace(table.File, 0, raw.Name),
                "choose the target with --target"
            );
        }
        if (raw.MissingCount > 0)
        {
            throw new MlpException(
                "missing target value",
                new ErrorPlace(table.File, raw.FirstMissingLine, raw.Name),
                "drop the rows without a target"
            );
        }
        if (raw.TextCount > 0 && raw.NumberCount > 0)
        {
            throw MixedColumn(raw, table.File, "--ignore or a cleaned target");
        }
        bool numbers = raw.TextCount == 0;
        float[] values = numbers ? raw.NumbersInUnits() : raw.Values.ToArray();
        // The task is judged on the numbers as written (double): 1e9 + 0.5 and 1e9 + 0.25 are
        // two values, though float32 holds both as 1e9.
        double[] exact = numbers ? raw.NumbersInDouble() : [];
        // Under --task auto, more than MaxAutoClasses distinct values already means regression: stop counting there.
        double[] distinctExact =
            numbers && requested != TaskKind.Regression
                ? DistinctSorted(exact, requested is null ? MaxAutoClasses + 1 : int.MaxValue)
                : [];
        int classCount = numbers ? distinctExact.Length : raw.Texts.Count;
        var task = requested ?? AutoTask(numbers, classCount, distinctExact);
        var place = new ErrorPlace(table.File, 0, raw.Name);
        if (task == TaskKind.Regression)
        {
            if (!numbers)
            {
                throw new MlpException(
                    "regression needs a numeric target",
                    place,
                    "use --task multiclass for text labels"
                );
            }
            CheckResolution(exact, place);
            return (task, [], true, values);
        }
        float[] distinct = numbers ? DistinctSorted(values, int.MaxValue) : [];
        if (numbers && distinct.Length != distinctExact.Length)
        {
            throw new MlpException(
                $"the target's {distinctExact.Length} classes are {distinct.Length} in float32: they differ only far below their size",
                place,
                "give the classes as text labels or small numbers"
            );
        }
        if (classCount < 2)
        {
            throw new MlpException(
                "the target has only one class",
                place,
                "classification needs at least two distinct target values"
            );
        }
        if (task == TaskKind.Binary && classCount != 2)
        {
            throw new MlpException(
                $"--task binary needs exactly 2 classes, the target has {classCount}",
                place
            );
        }
        if (numbers)
        {
            for (int r = 0; r < values.Length; r++)
            {
                values[r] = Array.BinarySearch(distinct, values[r]);
            }
            return (task, distinct.Select(Cell.FormatNumber).ToArray(), true, values);
        }
        var classes = raw.Texts.Order(StringComparer.Ordinal).ToArray();
        var rank = raw
            .Texts.Select(t => (float)Array.BinarySearch(classes, t, StringComparer.Ordinal))
            .ToArray();
        for (int r = 0; r < values.Length; r++)
        {
            values[r] = rank[(int)values[r]];
        }
        return (task, classes, false, values);
    }

    /// <summary>The distinct values, sorted; counting stops once there are <paramref name="limit"/> of them.</summary>
    private static T[] DistinctSorted<T>(T[] values, int limit)
    {
        var distinct = new HashSet<T>();
        foreach (var value in values)
        {
            if (distinct.Add(value) && distinct.Count >= limit)
            {
                break;
            }
        }
        var sorted = distinct.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    private static TaskKind AutoTask(bool numbers, int classCount, double[] distinct)
    {
        if (classCount == 2)
        {
            return TaskKind.Binary;
        }
        if (!numbers || (classCount <= MaxAutoClasses && distinct.All(v => v == Math.Round(v))))
        {
            return TaskKind.Multiclass;
        }
        return TaskKind.Regression;
    }

    /// <summary>
    /// The share of its size a regression target must vary by: predictions come out in float32,
    /// 24 bits, whose step at the target's size must be well under its spread (1e9 + x with x
    /// of order 1 would come out in steps of 64).
    /// </summary>
    private const double MinRelativeSpread = 1e-5;

    private static void CheckResolution(double[] target, ErrorPlace place)
    {
        double mean = target.Average();
        double std = Math.Sqrt(target.Average(y => (y - mean) * (y - mean)));
        if (std > 0 && std < Math.Abs(mean) * MinRelativeSpread)
        {
            throw new MlpException(
                string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"the target varies too little for its size to predict in float32 (mean {mean:0.###}, std {std:G3})"
                ),
                place,
                string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"subtract an offset first, e.g. the target minus {Math.Round(mean):0}"
                )
            );
        }
    }
}
