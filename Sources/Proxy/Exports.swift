@_exported import CodexWorker
