import MLXCore
