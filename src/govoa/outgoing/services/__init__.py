"""Every write of 发文: drafting and versions, the domain part of each flow act, numbers,
distribution and the exchange with other agencies."""
