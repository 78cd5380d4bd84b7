using System.Numerics.Tensors;
using Mlp.Model;

namespace Mlp.Explain;

/// <summary>
/// The value of coalitions along orderings of the players, for one explained row and one
/// background row b each: v_b(first s players) = f(the row's columns for those players, b's
/// for the others), s = 0…M. Averaged over orderings and background rows these give the
/// interventional Shapley values (φ is linear in the background distribution). Switching one
/// player changes the first-layer product W₁z by W₁[:, its columns] · (z_row − z_b) on its
/// columns, so a step costs one scaled column instead of a whole first layer; the steps' rows
/// then go through the later layers in large batches. The products are carried in double and
/// rounded to float for the forward pass, so after the last player the product is W₁z_row to
/// double precision: Σφ cannot drift from f(x) − v(∅), and a player whose columns carry no
/// weight contributes exactly 0.
/// </summary>
internal sealed class OrderingValues
{
    /// <summary>Rows per forward batch: 2,048 keeps a batch's activations in cache on wide ensembles (16,384 ran 10 % slower).</summary>
    private const int MaxBatchRows = 2048;

    private readonly MlpModel _model;
    private readonly IReadOnlyList<(int Start, int Width)> _groups;
    private readonly int _backgroundRows;
    private readonly int _width;
    private readonly int _hidden;
    private readonly double[] _backgroundZ; // (background rows, inputs), standardized
    private readonly double[] _backgroundProducts; // (background rows, hidden) = W₁z_b
    private readonly FirstLayerColumns<double> _columns;
    private readonly double[] _rowZ;
    private readonly double[] _product; // (hidden): W₁z of the current coalition
    private readonly double[] _backgroundValues; // f of each background row, for the row's class
    private double _rowValue; // f of the row
    private readonly float[] _outputs;
    private readonly Workspace<float> _workspace;
    private int _rowClass;
    private int _pending;
    private int[] _source = []; // per value: which evaluated row holds it
    private double[] _evaluated = []; // f of each row run through the network
    private readonly int[] _targets; // per pending workspace row: where its f goes
    private readonly CancellationToken _cancel; // Ctrl-C: checked before each batch

    public OrderingValues(
        MlpModel model,
        IReadOnlyList<(int Start, int Width)> groups,
        double[] background,
        CancellationToken cancel = default
    )
    {
        _cancel = cancel;
        _model = model;
        _groups = groups;
        var network = model.Network;
        _width = network.InputCount;
        _hidden = network.Layers[0].OutputCount;
        _backgroundRows = background.Length / _width;
        _workspace = new Workspace<float>(
            network,
            Math.Max(MaxBatchRows, _backgroundRows),
            forwardOnly: true
        );
        _outputs = new float[_workspace.Capacity * network.OutputCount];
        _targets = new int[_workspace.Capacity];
        _backgroundZ = Standardized(background);
        _columns = new FirstLayerColumns<double>(network);
        _backgroundProducts = new double[_backgroundRows * _hidden];
        for (int b = 0; b < _backgroundRows; b++)
        {
            FirstProduct(
                _backgroundZ.AsSpan(b * _width, _width),
                _backgroundProducts.AsSpan(b * _hidden, _hidden)
            );
        }
        _rowZ = new double[_width];
        _product = new double[_hidden];
        _backgroundValues = new double[_backgroundRows];
    }

    public int BackgroundRows => _backgroundRows;

    /// <summary>Adds W₁z, column by column in double, to <paramref name="product"/> (zero for the product itself).</summary>
    private void FirstProduct(ReadOnlySpan<double> z, Span<double> product)
    {
        for (int i = 0; i < _width; i++)
        {
            _columns.Add(i, z[i], product);
        }
    }

    private double[] Standardized(ReadOnlySpan<double> values)
    {
        var z = values.ToArray();
        _model.InputScaling?.ToStandard(values, z);
        return z;
    }

    /// <summary>
    /// Sets the explained row (inputs in their units) and the class whose output f is
    /// (multiclass); returns the standard deviation of f over the background rows.
    /// </summary>
    public double SetRow(ReadOnlySpan<double> x, int rowClass)
    {
        _rowClass = rowClass;
        Standardized(x).CopyTo(_rowZ, 0);
        TensorPrimitives.ConvertTruncating<double, float>(
            _backgroundProducts,
            _workspace.PreActivation(0, _backgroundRows)
        );
        var f = Outputs(_backgroundRows);
        double mean = 0;
        for (int b = 0; b < _backgroundRows; b++)
        {
            _backgroundValues[b] = f[b];
            mean += f[b];
        }
        mean /= _backgroundRows;
        double squares = 0;
        for (int b = 0; b < _backgroundRows; b++)
        {
            squares += (f[b] - mean) * (f[b] - mean);
        }
        _product.AsSpan().Clear();
        FirstProduct(_rowZ, _product);
        TensorPrimitives.ConvertTruncating<double, float>(_product, _workspace.PreActivation(0, 1));
        _rowValue = Outputs(1)[0];
        return Math.Sqrt(squares / _backgroundRows);
    }

    /// <summary>
    /// For each ordering k (players orders[k·M … k·M + M − 1]) against background row
    /// backgroundRows[k]: values[k·(M+1) + s] = v_b(its first s players), s = 0…M. A step
    /// whose player has the background row's own values changes nothing and is not run again.
    /// </summary>
    public void Along(
        ReadOnlySpan<int> orders,
        ReadOnlySpan<int> backgroundRows,
        Span<double> values
    )
    {
        int players = _groups.Count;
        int steps = players + 1;
        // The first BackgroundRows + 1 evaluated values are known: f of each background row
        // (every ordering's start) and f of the row (every ordering's end).
        int known = _backgroundRows + 1;
        if (_source.Length < values.Length)
        {
            _source = new int[values.Length];
        }
        if (_evaluated.Length < known + values.Length)
        {
            _evaluated = new double[known + values.Length];
        }
        _backgroundValues.CopyTo(_evaluated, 0);
        _evaluated[_backgroundRows] = _rowValue;
        _pending = 0;
        int emitted = known;
        for (int k = 0; k < backgroundRows.Length; k++)
        {
            int b = backgroundRows[k];
            _backgroundProducts.AsSpan(b * _hidden, _hidden).CopyTo(_product);
            var order = orders.Slice(k * players, players);
            _source[k * steps] = b;
            for (int s = 1; s < steps; s++)
            {
                if (!Switch(order[s - 1], b))
                {
                    _source[k * steps + s] = _source[k * steps + s - 1];
                }
                else
                {
                    _source[k * steps + s] =
                        s == players ? _backgroundRows : Emit(_evaluated, emitted++);
                }
            }
        }
        Flush(_evaluated);
        for (int t = 0; t < values.Length; t++)
        {
            values[t] = _evaluated[_source[t]];
        }
    }

    /// <summary>
    /// v(S) of every coalition S (bit g set = player g's columns from the row), the mean of f
    /// over the background rows, for the row <see cref="SetRow"/> set. Each background row walks
    /// the coalitions in Gray-code order, so consecutive coalitions differ by one player and the
    /// product changes by that player's columns, added or taken away; background rows are
    /// grouped so that the later layers run on batches of about the workspace's size.
    /// </summary>
    public double[] Coalitions()
    {
        int players = _groups.Count;
        int coalitions = 1 << players;
        var values = new double[coalitions];
        int groupRows = Math.Max(1, _workspace.Capacity / coalitions);
        var groupValues = new double[Math.Min(groupRows, _backgroundRows) * coalitions];
        if (_source.Length < groupValues.Length)
        {
            _source = new int[groupValues.Length];
        }
        for (int first = 0; first < _backgroundRows; first += groupRows)
        {
            int count = Math.Min(groupRows, _backgroundRows - first);
            _pending = 0;
            for (int local = 0; local < count; local++)
            {
                int b = first + local,
                    offset = local * coalitions;
                _backgroundProducts.AsSpan(b * _hidden, _hidden).CopyTo(_product);
                int previous = 0;
                Emit(groupValues, offset);
                for (int k = 1; k < coalitions; k++)
                {
                    int player = System.Numerics.BitOperations.TrailingZeroCount(k);
                    int mask = previous ^ (1 << player);
                    bool joins = (mask & (1 << player)) != 0;
                    // An unchanged product has the previous coalition's value (index + 1 marks a copy).
                    _source[offset + mask] = Switch(player, b, joins ? 1 : -1)
                        ? Emit(groupValues, offset + mask)
                        : -(offset + previous + 1);
                    previous = mask;
                }
            }
            Flush(groupValues);
            for (int local = 0; local < count; local++)
            {
                int offset = local * coalitions,
                    previous = 0;
                for (int k = 1; k < coalitions; k++)
                {
                    int mask = previous ^ (1 << System.Numerics.BitOperations.TrailingZeroCount(k));
                    if (_source[offset + mask] < 0)
                    {
                        groupValues[offset + mask] = groupValues[offset + previous];
                    }
                    previous = mask;
                }
                for (int mask = 0; mask < coalitions; mask++)
                {
                    values[mask] += groupValues[offset + mask];
                }
            }
        }
        for (int mask = 0; mask < coalitions; mask++)
        {
            values[mask] /= _backgroundRows;
        }
        return values;
    }

    /// <summary>Queues the current product; its f goes to values[target] at the next flush.</summary>
    private int Emit(double[] values, int target)
    {
        TensorPrimitives.ConvertTruncating<double, float>(
            _product,
            _workspace.PreActivation(0, _pending + 1).Slice(_pending * _hidden)
        );
        _targets[_pending] = target;
        if (++_pending == _workspace.Capacity)
        {
            Flush(values);
        }
        return target;
    }

    /// <summary>Runs the queued products through the later layers; each f goes where its product was queued for.</summary>
    private void Flush(double[] values)
    {
        if (_pending == 0)
        {
            return;
        }
        _cancel.ThrowIfCancellationRequested();
        var f = Outputs(_pending);
        for (int r = 0; r < _pending; r++)
        {
            values[_targets[r]] = f[r];
        }
        _pending = 0;
    }

    /// <summary>
    /// The product with one more player's columns taken from the row instead of background
    /// row b (sign −1: given back to b); false when they are equal there (nothing changes).
    /// </summary>
    private bool Switch(int player, int b, int sign = 1)
    {
        var (start, count) = _groups[player];
        bool changed = false;
        for (int i = start; i < start + count; i++)
        {
            changed |= _columns.Add(i, sign * (_rowZ[i] - _backgroundZ[b * _width + i]), _product);
        }
        return changed;
    }

    /// <summary>Runs the rest of the network on the products in the workspace; f of each of its rows.</summary>
    private float[] Outputs(int rows)
    {
        var network = _model.Network;
        var logits = network.ForwardAfterFirstProduct(rows, _workspace);
        int width = network.OutputCount;
        if (width == 1)
        {
            OutputHead.Apply(
                _model.Schema.Task,
                _model.TargetScaling,
                logits,
                _outputs.AsSpan(0, rows),
                1
            );
            return _outputs;
        }
        // The class's softmax probability e^(l_c − m) / Σ_j e^(l_j − m), m the row's largest
        // logit, with the exponentials of the whole batch in one vectorized call.
        var shifted = _outputs.AsSpan(0, rows * width);
        for (int r = 0; r < rows; r++)
        {
            var row = logits.Slice(r * width, width);
            TensorPrimitives.Subtract(
                row,
                TensorPrimitives.Max(row),
                shifted.Slice(r * width, width)
            );
        }
        TensorPrimitives.Exp(shifted, shifted);
        for (int r = 0; r < rows; r++)
        {
            var row = shifted.Slice(r * width, width);
            _outputs[r] = row[_rowClass] / TensorPrimitives.Sum(row);
        }
        return _outputs;
    }
}
