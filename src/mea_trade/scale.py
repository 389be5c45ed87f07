"""Screening beyond one process: the partition function, schemas and engines for Dask and Spark.

:func:`mea_trade.screen` takes a pandas DataFrame and returns it with the result
columns added, so it can screen one partition of a large file; this module adds
what a partitioned run needs around it:

* the reader options that keep every cell as text (:data:`PANDAS_CSV_OPTIONS` for
  pandas and Dask, :data:`SPARK_CSV_OPTIONS` for Spark): a default reader turns
  Namibia's code ``"NA"`` into a missing value;
* the partition function :func:`screen_partition` (and :func:`screen_batches`, its
  form for Spark's ``mapInPandas``): :func:`~mea_trade.screen`, with a warning
  (:class:`MissingCountryWarning`, once per process) when country cells arrive
  missing on lines that are otherwise filled, and the result columns typed as
  the schema says;
* the output schema, for ``meta=`` (Dask) or ``schema=`` (Spark, Arrow):
  :func:`output_dtypes`, :func:`output_meta`, :func:`arrow_schema`,
  :func:`spark_ddl`, :func:`spark_schema`;
* the engines: :func:`screen_dask_dataframe` and :func:`screen_spark_dataframe`
  (lazy frames in, lazy frames out), and :func:`screen_file_with_dask`, which
  reads a CSV or Parquet file in partitions, screens them on a
  ``dask.distributed`` ``LocalCluster`` (one single-threaded worker process per
  core) and writes Parquet.

>>> import pandas as pd
>>> from mea_trade import scale
>>> part = pd.DataFrame({"commodity": ["R-22"], "exporter": ["NA"], "importer": ["GH"],
...                      "date": ["2024-05-01"]})
>>> scale.screen_partition(part)[["exporter", "status"]].values.tolist()
[['NA', 'licences_required']]
>>> list(scale.output_dtypes(["commodity", "status"]))  # doctest: +NORMALIZE_WHITESPACE
['commodity', 'status', 'mea_status', 'mea_requirements', 'mea_prohibitions',
 'mea_notes', 'mea_flags', 'mea_error']

Results depend only on the line and the bundled data, so a partitioned run gives,
line for line, what one :func:`~mea_trade.screen` call over the whole file gives.
"""

from __future__ import annotations

import functools
import os
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Any, Literal

from mea_trade.assessment import RuleModule
from mea_trade.screening import ScreenSummary, _screen_pandas, column_key, result_columns, screen

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from mea_trade.columnar import FrameScreen

__all__ = [
    "COUNTRY_COLUMNS",
    "PANDAS_CSV_OPTIONS",
    "RESULT_DTYPE",
    "SPARK_CSV_OPTIONS",
    "MissingCountryWarning",
    "arrow_schema",
    "check_country_cells",
    "output_dtypes",
    "output_meta",
    "screen_batches",
    "screen_dask_dataframe",
    "screen_file_with_dask",
    "screen_partition",
    "screen_spark_dataframe",
    "spark_ddl",
    "spark_schema",
]

#: Options of ``pandas.read_csv`` and ``dask.dataframe.read_csv`` that keep every cell as
#: text: no column is converted, and no text (not ``"NA"``, Namibia's code, nor ``"N/A"``,
#: ``"null"``, ``"nan"``) becomes a missing value; a blank cell is ``""``.
PANDAS_CSV_OPTIONS: Mapping[str, Any] = MappingProxyType({"dtype": str, "keep_default_na": False})

#: Options of Spark's CSV reader (``spark.read.options(**SPARK_CSV_OPTIONS).csv(path)``):
#: a header line, every column a string (no schema inference), and a quote inside a
#: quoted cell written twice (``""``), as in RFC 4180 and Excel. Spark reads ``"NA"`` as
#: text; a blank cell arrives as null, which :func:`~mea_trade.screen` reads as empty.
SPARK_CSV_OPTIONS: Mapping[str, str] = MappingProxyType(
    {"header": "true", "inferSchema": "false", "escape": '"', "mode": "PERMISSIVE"}
)

#: The pandas dtype of the result columns in the frames :func:`screen_partition` returns
#: (pandas' string dtype; Arrow and Spark type ``string``).
RESULT_DTYPE = "string"

#: The columns :func:`check_country_cells` looks at.
COUNTRY_COLUMNS: tuple[str, ...] = ("exporter", "importer")

_FILLED_COLUMNS = ("commodity", "date")


class MissingCountryWarning(UserWarning):
    """Country cells arrived as missing values on lines whose other cells are filled.

    The likely cause is a reader that turned Namibia's ISO code ``"NA"`` into a
    missing value (pandas' and Dask's ``read_csv`` do by default): those lines are
    screened as errors (a missing exporter or importer). Read the file with
    :data:`PANDAS_CSV_OPTIONS`. Given at most once per process
    (:func:`check_country_cells`).
    """


_WARNING_LOCK = threading.Lock()
_warned = False


def check_country_cells(frame: pd.DataFrame) -> int:
    """The lines of *frame* whose exporter or importer is a missing value while they are filled.

    A line counts when its exporter or importer cell is a missing value (``None``,
    NaN, ``pd.NA``: not a blank text) and its commodity, date and other country
    cells hold text. When any line counts, a :class:`MissingCountryWarning` is
    given, once per process (a worker screening many partitions warns once).

    >>> import warnings, pandas as pd
    >>> frame = pd.DataFrame({"commodity": ["R-22", "R-22"], "exporter": [None, "CN"],
    ...                       "importer": ["GH", ""], "date": ["2024-05-01", "2024-05-01"]})
    >>> with warnings.catch_warnings(record=True):
    ...     check_country_cells(frame)
    1
    """
    matched: dict[str, Any] = {}
    for column in frame.columns:
        matched.setdefault(column_key(column), column)
    countries = [matched[c] for c in COUNTRY_COLUMNS if c in matched]
    if not countries or len(frame) == 0:
        return 0

    import numpy as np

    missing = {column: frame[column].isna().to_numpy(dtype=bool) for column in countries}
    if not any(cells.any() for cells in missing.values()):
        return 0  # the usual case, at the cost of one pass over the country cells

    def filled(column: Any) -> Any:
        cells = frame[column]
        text = cells.astype("string").str.strip()
        return (~cells.isna() & (text != "")).fillna(False).to_numpy(dtype=bool)

    suspect = np.zeros(len(frame), dtype=bool)
    for column in countries:
        line = missing[column]
        for other in countries:
            if other != column:
                line = line & filled(other)
        suspect |= line
    for name in _FILLED_COLUMNS:
        if name in matched:
            suspect &= filled(matched[name])
    count = int(suspect.sum())
    if count:
        _warn_once(frame, suspect, count)
    return count


def _warn_once(frame: pd.DataFrame, suspect: Any, count: int) -> None:
    global _warned
    with _WARNING_LOCK:
        if _warned:
            return
        _warned = True
    first = frame.index[suspect.argmax()]
    warnings.warn(
        f"{count:,} of {len(frame):,} lines have a missing exporter or importer although "
        f"their other cells are filled (the first at index {first!r}): was Namibia's code "
        '"NA" read as a missing value? Read the file with '
        "mea_trade.scale.PANDAS_CSV_OPTIONS (dtype=str, keep_default_na=False); "
        "this warning is given once per process",
        MissingCountryWarning,
        stacklevel=3,
    )


def _reset_warning() -> None:
    """Let :class:`MissingCountryWarning` be given again in this process (for tests)."""
    global _warned
    with _WARNING_LOCK:
        _warned = False


# ------------------------------------------------------------------ schemas


def _input_dtypes(columns: Mapping[str, Any] | Iterable[str]) -> dict[str, Any]:
    if isinstance(columns, Mapping):
        return dict(columns)
    if hasattr(columns, "columns") and hasattr(columns, "dtypes"):  # a pandas or Dask frame
        columns = columns.dtypes
    if hasattr(columns, "items"):  # a pandas Series of dtypes (frame.dtypes)
        return dict(columns.items())
    return {str(name): RESULT_DTYPE for name in columns}


def output_dtypes(columns: Mapping[str, Any] | Iterable[str]) -> dict[str, Any]:
    """The columns and pandas dtypes of what :func:`screen_partition` returns.

    *columns* is the input: a mapping of column name to dtype (``frame.dtypes``), a
    frame, or column names (then taken as text, :data:`RESULT_DTYPE`). The input
    columns come first with their dtypes, then the result columns of
    :data:`~mea_trade.screening.RESULT_COLUMNS` as :data:`RESULT_DTYPE`, named by
    :func:`~mea_trade.screening.result_columns` (prefixed ``mea_`` when an input
    column has one of their names).

    >>> output_dtypes({"reference": "str", "commodity": "str"})
    {'reference': 'str', 'commodity': 'str', 'status': 'string', 'requirements': 'string',
     'prohibitions': 'string', 'notes': 'string', 'flags': 'string', 'error': 'string'}
    """
    dtypes = _input_dtypes(columns)
    out = dict(dtypes)
    for name in result_columns(dtypes):
        out[name] = RESULT_DTYPE
    return out


def output_meta(columns: Mapping[str, Any] | Iterable[str]) -> pd.DataFrame:
    """An empty pandas frame with the columns and dtypes of :func:`output_dtypes`: Dask's ``meta``.

    >>> output_meta(["commodity", "exporter"]).dtypes.astype(str).tolist()[-2:]
    ['string', 'string']
    """
    import pandas as pd

    dtypes = output_dtypes(columns)
    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in dtypes.items()})


def arrow_schema(columns: pa.Schema | Mapping[str, Any] | Iterable[str]) -> pa.Schema:
    """The pyarrow schema of what :func:`screen_partition` returns, for ``to_parquet(schema=)``.

    *columns* is an Arrow schema of the input (its fields are kept), a mapping of
    column name to pandas dtype, or column names (text); the result columns are
    ``string`` fields.

    >>> arrow_schema(["reference", "commodity"]).names[:3]
    ['reference', 'commodity', 'status']
    """
    import pyarrow as pa

    if isinstance(columns, pa.Schema):
        fields = list(columns)
    else:
        fields = []
        for name, dtype in _input_dtypes(columns).items():
            fields.append(pa.field(name, _arrow_type(dtype)))
    names = result_columns([f.name for f in fields])
    return pa.schema([*fields, *(pa.field(name, pa.string()) for name in names)])


def _arrow_type(dtype: Any) -> pa.DataType:
    import pandas as pd
    import pyarrow as pa

    pandas_dtype = pd.api.types.pandas_dtype(dtype)
    if isinstance(pandas_dtype, pd.StringDtype) or pd.api.types.is_object_dtype(pandas_dtype):
        return pa.string()
    arrow = getattr(pandas_dtype, "pyarrow_dtype", None)
    if arrow is not None:
        return arrow
    return pa.from_numpy_dtype(getattr(pandas_dtype, "numpy_dtype", pandas_dtype))


def _spark_name(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def spark_ddl(columns: Any) -> str:
    """The result schema as a Spark DDL string, for ``mapInPandas(..., schema=)``.

    *columns* is the input frame's ``schema`` (a ``StructType``: its fields keep their
    types) or column names (``STRING``). Names are quoted with backticks. Needs no
    PySpark for names.

    >>> for field in spark_ddl(["reference", "commodity"]).split(", "):
    ...     print(field)
    `reference` STRING
    `commodity` STRING
    `status` STRING
    `requirements` STRING
    `prohibitions` STRING
    `notes` STRING
    `flags` STRING
    `error` STRING
    """
    fields = getattr(columns, "fields", None)
    if fields is not None:
        inputs = [(f.name, f.dataType.simpleString().upper()) for f in fields]
    else:
        inputs = [(str(name), "STRING") for name in columns]
    names = result_columns([name for name, _ in inputs])
    return ", ".join(
        f"{_spark_name(name)} {kind}" for name, kind in [*inputs, *((n, "STRING") for n in names)]
    )


def spark_schema(columns: Any) -> Any:
    """The result schema as a PySpark ``StructType`` (PySpark is imported on the call).

    *columns* is the input frame's ``schema`` (its fields are kept) or column names
    (``StringType``); the result columns are nullable ``StringType`` fields. Building
    the schema starts no Spark session:

    >>> try:
    ...     import pyspark
    ... except ImportError:  # without PySpark, the same names
    ...     names = ["commodity", *result_columns(["commodity"])]
    ... else:
    ...     names = spark_schema(["commodity"]).names
    >>> names[:3]
    ['commodity', 'status', 'requirements']
    """
    from pyspark.sql.types import StringType, StructField, StructType

    fields = getattr(columns, "fields", None)
    kept = (
        list(fields)
        if fields is not None
        else [StructField(str(n), StringType(), True) for n in columns]
    )
    names = result_columns([f.name for f in kept])
    return StructType([*kept, *(StructField(n, StringType(), True) for n in names)])


# ------------------------------------------------------------------ partition functions

Rules = Sequence[str | ModuleType | RuleModule] | None


def screen_partition(
    frame: pd.DataFrame,
    *,
    mode: Literal["assess", "hs"] = "assess",
    hs_column: str = "hs_code",
    rules: Rules = None,
    check_countries: bool = True,
) -> pd.DataFrame:
    """Screen one partition: :func:`mea_trade.screen` with the result columns typed.

    Returns *frame* with the result columns added, as :func:`~mea_trade.screen` does,
    each of dtype :data:`RESULT_DTYPE`, so that every partition has the columns and
    dtypes of :func:`output_dtypes` (Dask's ``meta``, Arrow's and Spark's schema).
    With *check_countries* (and ``mode="assess"``), :func:`check_country_cells`
    looks for Namibia read as a missing value first. *rules* travel to the
    workers: give rule modules by their import path.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"hs_code": ["2903.71", "0101.21"]})
    >>> screen_partition(frame, mode="hs")["status"].tolist()
    ['flagged', 'clear']
    """
    if check_countries and mode == "assess":
        check_country_cells(frame)
    screener = _frame_screen(rules) if mode == "assess" else None
    if screener is None:
        out = screen(frame, mode=mode, hs_column=hs_column, rules=rules)
    else:
        out = _screen_pandas(
            frame, mode=mode, column=hs_column, rules=rules, progress=None, screener=screener
        )
    names = result_columns(frame.columns)
    return out.astype(dict.fromkeys(names, RESULT_DTYPE))


#: Each thread's screens (:class:`~mea_trade.columnar.FrameScreen`), by rule set: a
#: worker keeps one from partition to partition. They remember answers, never change them.
_SCREENS = threading.local()
_SCREENS_KEPT = 4


def _frame_screen(rules: Rules) -> FrameScreen | None:
    """The screen of the running thread for *rules*, kept across partitions (None: unhashable)."""
    from mea_trade.columnar import FrameScreen

    key = None if rules is None else tuple(rules)
    try:
        hash(key)
    except TypeError:
        return None
    screens: dict[object, FrameScreen] | None = getattr(_SCREENS, "screens", None)
    if screens is None:
        screens = _SCREENS.screens = {}
    found = screens.get(key)
    if found is None:
        if len(screens) >= _SCREENS_KEPT:
            screens.clear()
        found = screens[key] = FrameScreen(rules)
    return found


def screen_batches(
    batches: Iterable[pd.DataFrame],
    *,
    mode: Literal["assess", "hs"] = "assess",
    hs_column: str = "hs_code",
    rules: Rules = None,
    check_countries: bool = False,
) -> Iterator[pd.DataFrame]:
    """:func:`screen_partition` of each frame: the function Spark's ``mapInPandas`` takes.

    *check_countries* is off by default: Spark's CSV reader keeps ``"NA"`` as text
    and gives a blank cell as null, which would look like a missing country.

    >>> import pandas as pd
    >>> parts = [pd.DataFrame({"hs_code": ["2903.71"]}), pd.DataFrame({"hs_code": ["12"]})]
    >>> [p["status"].tolist() for p in screen_batches(parts, mode="hs")]
    [['flagged'], ['error']]
    """
    for frame in batches:
        yield screen_partition(
            frame, mode=mode, hs_column=hs_column, rules=rules, check_countries=check_countries
        )


# ------------------------------------------------------------------ engines


def screen_dask_dataframe(
    frame: Any,
    *,
    mode: Literal["assess", "hs"] = "assess",
    hs_column: str = "hs_code",
    rules: Rules = None,
    check_countries: bool = True,
) -> Any:
    """A Dask DataFrame screened partition by partition (lazy, with its ``meta``).

    ``frame.map_partitions(screen_partition, meta=output_meta(frame.dtypes))``:
    compute it or write it (``.to_parquet(...)``) on any scheduler.

    >>> import dask.dataframe as dd, pandas as pd
    >>> frame = pd.DataFrame({"commodity": ["R-22", "CFC-11"], "exporter": ["CN", "CN"],
    ...                       "importer": ["NA", "SS"], "date": ["2024-05-01", "2010-06-01"]})
    >>> lazy = screen_dask_dataframe(dd.from_pandas(frame, npartitions=2))
    >>> lazy.compute(scheduler="sync")["status"].tolist()
    ['licences_required', 'prohibited']
    """
    return frame.map_partitions(
        screen_partition,
        mode=mode,
        hs_column=hs_column,
        rules=rules,
        check_countries=check_countries,
        meta=output_meta(frame.dtypes),
    )


def screen_spark_dataframe(
    frame: Any,
    *,
    mode: Literal["assess", "hs"] = "assess",
    hs_column: str = "hs_code",
    rules: Rules = None,
    check_countries: bool = False,
) -> Any:
    """A Spark DataFrame screened batch by batch: ``mapInPandas`` with the explicit result schema.

    Lazy, like every Spark transformation; the input columns keep their types, the
    result columns are strings (:func:`spark_schema`). The scale page's recipe
    (run by ``tests/test_scale_spark.py`` where PySpark is installed):

    >>> lines = spark.read.options(**SPARK_CSV_OPTIONS).csv("declarations.csv")  # doctest: +SKIP
    >>> screen_spark_dataframe(lines).write.parquet("screened")  # doctest: +SKIP
    """
    function = functools.partial(
        screen_batches,
        mode=mode,
        hs_column=hs_column,
        rules=rules,
        check_countries=check_countries,
    )
    return frame.mapInPandas(function, schema=spark_schema(frame.schema))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _status_counts(statuses: pd.Series | None) -> pd.Series:
    """Lines by status in one partition (an empty count for Dask's ``meta``)."""
    import pandas as pd

    if statuses is None:
        return pd.Series([], dtype="int64", index=pd.Index([], dtype="object"))
    return statuses.value_counts(sort=False)


def _part_name(number: int) -> str:
    return f"part.{number:05d}.parquet"


def screen_file_with_dask(
    source: str | os.PathLike[str] | Sequence[str],
    target: str | os.PathLike[str],
    *,
    mode: Literal["assess", "hs"] = "assess",
    hs_column: str = "hs_code",
    rules: Rules = None,
    file_format: Literal["csv", "parquet"] | None = None,
    blocksize: str | int = "3MB",
    workers: int | None = None,
    client: Any = None,
    check_countries: bool = True,
) -> ScreenSummary:
    """Screen a CSV or Parquet file in partitions with Dask and write the result as Parquet.

    *source* is read as CSV with :data:`PANDAS_CSV_OPTIONS` in partitions of about
    *blocksize* bytes, or as Parquet (*file_format*, else from the suffix
    ``.parquet``/``.parq``/``.pq`` or a folder); each partition is screened by
    :func:`screen_partition` and written to the folder *target* as
    ``part.00000.parquet``, ``part.00001.parquet``, ... (names in line order): every
    input row gives one output row, in order, with every input column, then the
    result columns (schema: :func:`output_dtypes`).

    Without *client*, a ``dask.distributed`` ``LocalCluster`` runs for the call: one
    worker process per core (or *workers*), one thread each (screening is pure
    Python, so threads would share one core). With *client*, its cluster is used.

    Returns the lines screened and their count by status.

    >>> import pathlib, tempfile
    >>> from mea_trade.testing import write_synthetic_declarations
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     source = pathlib.Path(folder) / "declarations.csv"
    ...     write_synthetic_declarations(source, 2_000)
    ...     summary = screen_file_with_dask(source, pathlib.Path(folder) / "out", workers=1)
    ...     parts = sorted(p.name for p in (pathlib.Path(folder) / "out").iterdir())
    >>> summary.lines, parts
    (2000, ['part.00000.parquet'])
    """
    import dask.dataframe as dd
    from dask.base import compute

    path = os.fspath(source) if isinstance(source, (str, os.PathLike)) else list(source)
    if file_format is None:
        first = path if isinstance(path, str) else path[0]
        is_parquet = os.path.isdir(first) or first.endswith((".parquet", ".parq", ".pq"))
        file_format = "parquet" if is_parquet else "csv"
    if file_format == "parquet":
        lines = dd.read_parquet(path)
    else:
        lines = dd.read_csv(path, blocksize=blocksize, **PANDAS_CSV_OPTIONS)
    screened = screen_dask_dataframe(
        lines, mode=mode, hs_column=hs_column, rules=rules, check_countries=check_countries
    )
    status = result_columns(lines.columns)[0]
    write = screened.to_parquet(
        os.fspath(target),
        write_index=False,
        name_function=_part_name,
        schema=arrow_schema(lines.dtypes),
        compute=False,
    )
    counts = screened[status].map_partitions(_status_counts, meta=_status_counts(None))

    def run() -> Any:
        return compute(write, counts)[1]

    if client is not None:
        found = run()
    else:
        from distributed import Client, LocalCluster

        with (
            LocalCluster(
                n_workers=workers or _cores(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            ) as cluster,
            Client(cluster),
        ):
            found = run()
    by_status: dict[str, int] = {}
    for name, count in found.items():
        by_status[str(name)] = by_status.get(str(name), 0) + int(count)
    by_status = dict(sorted(by_status.items()))
    return ScreenSummary(sum(by_status.values()), MappingProxyType(by_status))
