@_exported import Subprocess
