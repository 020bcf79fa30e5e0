@_exported import OrderedJSON
