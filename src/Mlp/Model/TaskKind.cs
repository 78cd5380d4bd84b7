namespace Mlp.Model;

internal enum TaskKind
{
    Binary,
    Multiclass,
    Regression,
}

internal static class TaskNames
{
    public static string Name(this TaskKind task) =>
        task switch
        {
            TaskKind.Binary => "binary",
            TaskKind.Multiclass => "multiclass",
            _ => "regression",
        };

    public static TaskKind? Parse(string name) =>
        name switch
        {
            "binary" => TaskKind.Binary,
            "multiclass" => TaskKind.Multiclass,
            "regression" => TaskKind.Regression,
            _ => null,
        };
}
