// Scratch tiles and chunks on the stack are always written before they are read.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
