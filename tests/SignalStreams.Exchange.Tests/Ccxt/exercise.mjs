// Runs ccxt's binance client, unmodified, against the paper exchange: only its URLs point at PAPER_URL.
// Phase "open" places orders; phase "after" (run once the test moved the price through the stops) reads what
// happened. Prints one JSON report on stdout; any ccxt error fails the run with a message on stderr.
import ccxt from 'ccxt';

const [phase] = process.argv.slice(2);
const base = process.env.PAPER_URL.replace(/\/$/, '');

function client(defaultType) {
  const exchange = new ccxt.binance({
    apiKey: process.env.PAPER_API_KEY,
    secret: process.env.PAPER_API_SECRET,
    enableRateLimit: false,
    options: {
      defaultType,
      // Only the markets the paper exchange serves; currencies and margin pairs come from sapi, which it does not serve.
      fetchMarkets: { types: ['spot', 'linear'] },
      fetchCurrencies: false,
      fetchMargins: false,
    },
  });
  for (const api of Object.keys(exchange.urls.api)) {
    if (typeof exchange.urls.api[api] === 'string') {
      exchange.urls.api[api] = exchange.urls.api[api].replace(/^https:\/\/[^/]+/, base);
    }
  }
  return exchange;
}

const spot = client('spot');
const futures = client('swap');
const report = {};
const ids = JSON.parse(process.env.CCXT_IDS ?? '{}');

if (phase === 'open') {
  await spot.loadMarkets();
  await futures.loadMarkets();
  const ticker = await spot.fetchTicker('ETH/USDT');
  const futuresTicker = await futures.fetchTicker('BTC/USDT:USDT');
  const price = await spot.publicGetTickerPrice({ symbol: 'ETHUSDT' });
  report.spotTicker = { last: ticker.last, open: ticker.open, high: ticker.high };
  report.futuresTicker = { last: futuresTicker.last, symbol: futuresTicker.symbol };
  report.priceTicker = price.price;
  report.spotUsdtBefore = (await spot.fetchBalance()).USDT.free;

  const buy = await spot.createOrder('ETH/USDT', 'market', 'buy', 0.5);
  const stop = await spot.createOrder('ETH/USDT', 'market', 'sell', 0.2, undefined, { stopLossPrice: 3300 });
  const take = await spot.createOrder('ETH/USDT', 'market', 'sell', 0.2, undefined, { takeProfitPrice: 3700 });
  report.spotBuy = { id: buy.id, status: buy.status, filled: buy.filled, average: buy.average };
  report.spotStop = { id: stop.id, type: stop.info.type, clientOrderId: stop.clientOrderId };
  report.spotTake = { id: take.id, type: take.info.type };
  report.spotOpen = (await spot.fetchOpenOrders('ETH/USDT')).map((o) => o.id);
  const cancelled = await spot.cancelOrder(take.id, 'ETH/USDT');
  report.spotCancelled = { id: cancelled.id, status: cancelled.status };
  const oco = await spot.privatePostOrderListOco({
    symbol: 'ETHUSDT', side: 'SELL', quantity: '0.1',
    aboveType: 'LIMIT_MAKER', abovePrice: '3900', belowType: 'STOP_LOSS', belowStopPrice: '3200',
  });
  report.spotOco = { orderListId: oco.orderListId, legs: oco.orderReports.map((o) => o.type) };
  report.spotBalance = { ETH: (await spot.fetchBalance()).ETH };

  await futures.setLeverage(5, 'BTC/USDT:USDT');
  report.futuresUsdtBefore = (await futures.fetchBalance()).USDT.free;
  const long = await futures.createOrder('BTC/USDT:USDT', 'market', 'buy', 0.01);
  const futuresStop = await futures.createOrder('BTC/USDT:USDT', 'market', 'sell', 0.01, undefined, { stopLossPrice: 67000, reduceOnly: true });
  const futuresTake = await futures.createOrder('BTC/USDT:USDT', 'market', 'sell', 0.01, undefined, { takeProfitPrice: 70000, reduceOnly: true });
  report.futuresLong = { id: long.id, status: long.status, filled: long.filled, average: long.average };
  report.futuresStop = { id: futuresStop.id, clientOrderId: futuresStop.clientOrderId };
  report.futuresTake = { id: futuresTake.id };
  report.futuresOpenTriggers = (await futures.fetchOpenOrders('BTC/USDT:USDT', undefined, undefined, { trigger: true })).map((o) => o.id);
  const positions = await futures.fetchPositions(['BTC/USDT:USDT']);
  report.positions = positions.map((p) => ({ symbol: p.symbol, contracts: p.contracts, side: p.side, entryPrice: p.entryPrice }));
  const cancelledTrigger = await futures.cancelOrder(futuresTake.id, 'BTC/USDT:USDT', { trigger: true });
  report.futuresCancelled = { id: cancelledTrigger.id };
  report.futuresBalance = (await futures.fetchBalance()).USDT;
} else {
  await spot.loadMarkets();
  await futures.loadMarkets();
  const stop = await spot.fetchOrder(ids.spotStop, 'ETH/USDT');
  report.spotStopAfter = { status: stop.status, filled: stop.filled, average: stop.average };
  report.spotTrades = (await spot.fetchMyTrades('ETH/USDT')).map((t) => ({ side: t.side, price: t.price, amount: t.amount }));
  report.positionsAfter = (await futures.fetchPositions(['BTC/USDT:USDT'])).map((p) => p.contracts);
  report.futuresTrades = (await futures.fetchMyTrades('BTC/USDT:USDT')).map((t) => ({ side: t.side, price: t.price, amount: t.amount, realizedPnl: t.info.realizedPnl }));
  report.futuresOpenTriggersAfter = (await futures.fetchOpenOrders('BTC/USDT:USDT', undefined, undefined, { trigger: true })).length;
  report.futuresBalanceAfter = (await futures.fetchBalance()).USDT;
}

process.stdout.write(JSON.stringify(report));
